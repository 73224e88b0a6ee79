import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PartitionContribution } from '../../services/ingest/batch-writer.ts';
import type { DecodedBatch } from '../../services/ingest/decode-message.ts';
import { GroupCommitter } from '../../services/ingest/group-committer.ts';

function contribution(partition: number, rows: number): PartitionContribution {
  const batch = { rowCount: rows } as DecodedBatch;
  return { topic: 't', partition, lastOffset: '0', batches: [batch], poison: [] };
}

test('flushes when the row threshold is reached, without waiting for the timer', async () => {
  const groups: number[][] = [];
  const gc = new GroupCommitter({
    maxRows: 10,
    maxMs: 60_000,
    flush: async (g) => void groups.push(g.map((c) => c.partition)),
  });
  await Promise.all([gc.add(contribution(0, 6)), gc.add(contribution(1, 6))]);
  assert.deepEqual(groups, [[0, 1]]);
});

test('flushes a small group after maxMs', async () => {
  const started = Date.now();
  let flushed = 0;
  const gc = new GroupCommitter({ maxRows: 1000, maxMs: 50, flush: async (g) => void (flushed += g.length) });
  await gc.add(contribution(0, 1));
  assert.equal(flushed, 1);
  assert.ok(Date.now() - started >= 45);
});

test('runs one flush at a time and groups what arrives meanwhile', async () => {
  let active = 0;
  let maxActive = 0;
  const groups: number[][] = [];
  const gc = new GroupCommitter({
    maxRows: 1,
    maxMs: 10,
    flush: async (g) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 30));
      groups.push(g.map((c) => c.partition));
      active--;
    },
  });
  const first = gc.add(contribution(0, 1));
  await new Promise((r) => setTimeout(r, 5));
  await Promise.all([first, gc.add(contribution(1, 1)), gc.add(contribution(2, 1))]);
  assert.equal(maxActive, 1);
  assert.deepEqual(groups, [[0], [1, 2]]);
});

test('a failed flush rejects every waiter of its group', async () => {
  const gc = new GroupCommitter({
    maxRows: 2,
    maxMs: 10,
    flush: async () => {
      throw new Error('stop');
    },
  });
  const results = await Promise.allSettled([gc.add(contribution(0, 1)), gc.add(contribution(1, 1))]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  );
});

test('drain flushes what is pending', async () => {
  let flushed = 0;
  const gc = new GroupCommitter({
    maxRows: 100,
    maxMs: 60_000,
    flush: async (g) => void (flushed += g.length),
  });
  const p = gc.add(contribution(0, 1));
  await gc.drain();
  await p;
  assert.equal(flushed, 1);
});
