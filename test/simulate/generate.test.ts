import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Fleet, SIM_FAMILIES, type GeneratedBatch } from '../../services/simulate/index.ts';
import { collect, normalise, rowsOf, smallFleet, START_MS } from './helpers.ts';

const comparable = (batches: GeneratedBatch[]) => normalise(batches.map((b) => ({ ...b })));

describe('generateBatches', () => {
  it('is deterministic for a seed and start time, and another seed changes the values', () => {
    const a = collect(smallFleet());
    const b = collect(smallFleet());
    assert.deepEqual(comparable(a), comparable(b));
    const c = collect(smallFleet({ seed: 12 }));
    assert.notDeepEqual(comparable(a), comparable(c));
  });

  it('gives a family the same values whichever other families are emitted', () => {
    const all = collect(smallFleet()).filter((b) => b.family === 'tables' || b.family === 'statements');
    const some = collect(smallFleet({ families: ['statements', 'tables'] }));
    assert.deepEqual(comparable(some), comparable(all));
  });

  it('emits one batch per family, server and interval with ids, keys and times in order', () => {
    const opts = smallFleet({ intervals: 4 });
    const batches = collect(opts);
    const servers = new Set(batches.map((b) => b.key));
    assert.deepEqual([...servers].sort(), ['sim-1', 'sim-2', 'sim-3', 'sim-4']);
    for (const b of batches) {
      assert.equal(b.value.envelope.server_id, b.key);
      assert.equal(b.value.envelope.collected_at, b.collectedAtMs * 1000);
      assert.equal((b.collectedAtMs - START_MS) % 60_000, 0);
      assert.ok(b.collectedAtMs >= START_MS && b.collectedAtMs <= START_MS + 3 * 60_000);
    }
    // families sent at every interval: one message per (server, interval)
    for (const f of [
      'statements',
      'database',
      'tables',
      'indexes',
      'activity',
      'replication',
      'checkpointer',
      'system',
    ]) {
      assert.equal(batches.filter((b) => b.family === f).length, 4 * 4, f);
    }
    // settings only on the first sample (and on a rare change)
    assert.ok(batches.filter((b) => b.family === 'settings').length >= 4);
    assert.ok(batches.filter((b) => b.family === 'settings').length < 8);
  });

  it('numbers the batches of each (server, family) 1, 2, 3, … without gaps', () => {
    const seen = new Map<string, number>();
    for (const b of collect(smallFleet({ intervals: 8 }))) {
      const k = `${b.key}/${b.family}`;
      const expected = (seen.get(k) ?? 0) + 1;
      assert.equal(b.value.envelope.sequence, expected, k);
      seen.set(k, expected);
    }
  });

  it('marks snapshot families with interval_ms 0 and host-only families without PostgreSQL fields', () => {
    for (const b of collect(smallFleet({ intervals: 2 }))) {
      const env = b.value.envelope;
      const snapshot = b.family === 'querytexts' || b.family === 'settings' || b.family === 'activity';
      assert.equal(env.interval_ms, snapshot ? 0 : 60_000, b.family);
      if (b.family === 'system') assert.deepEqual([env.pg_version_num, env.in_recovery], [null, null]);
      else assert.equal(typeof env.pg_version_num, 'number');
    }
  });

  it('uses the server prefix, only the families asked for and counts rows per field', () => {
    const batches = collect(smallFleet({ serverPrefix: 'edge', families: ['system', 'logs'], intervals: 3 }));
    assert.ok(batches.every((b) => b.key.startsWith('edge-')));
    assert.deepEqual([...new Set(batches.map((b) => b.family))].sort(), ['logs', 'system']);
    for (const b of batches) {
      for (const [field, n] of Object.entries(b.rowCounts)) assert.equal(rowsOf(b, field).length, n);
    }
  });

  it('models standbys: every third server is in recovery with a WAL receiver, its primary reports it', () => {
    const batches = collect(smallFleet({ families: ['replication'], intervals: 1 }));
    const of = (id: string) => batches.find((b) => b.key === id)!;
    assert.equal(of('sim-3').value.envelope.in_recovery, true);
    assert.equal(rowsOf(of('sim-3'), 'receiver').length, 1);
    assert.equal(rowsOf(of('sim-2'), 'replicas').length, 1);
    assert.equal(rowsOf<{ application_name: string }>(of('sim-2'), 'replicas')[0]!.application_name, 'sim-3');
    assert.equal(rowsOf(of('sim-1'), 'receiver').length, 0);
  });

  it('steps a fleet at given times (live mode) and knows every family', () => {
    const fleet = new Fleet(smallFleet({ intervals: undefined }));
    const at = START_MS + 123_456;
    const batches = fleet.step(at);
    assert.ok(batches.every((b) => b.collectedAtMs === at));
    assert.deepEqual(
      [...new Set(batches.map((b) => b.family))].sort(),
      SIM_FAMILIES.filter((f) => f !== 'logs' || batches.some((b) => b.family === 'logs')).sort(),
    );
    assert.equal(fleet.intervalsDone, 1);
  });

  it('sends settings at the first sample, on a rare change and at least daily, the full list each time', () => {
    const minutely = collect(smallFleet({ families: ['settings'], servers: 1, intervals: 1000 }));
    assert.ok(
      minutely.length >= 1 && minutely.length <= 10,
      `${minutely.length} settings batches in 1000 intervals`,
    );
    assert.equal(minutely[0]!.value.envelope.sequence, 1);
    const sizes = new Set(minutely.map((b) => b.rowCounts.settings));
    assert.equal(sizes.size, 1, 'every batch is the complete list');
    const hourly = collect(
      smallFleet({ families: ['settings'], servers: 1, intervals: 100, intervalSeconds: 3600 }),
    );
    assert.ok(hourly.length >= 5, `${hourly.length} settings batches over 100 hours`);
  });
});
