import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { loadIngestConfig } from '../../../services/ingest/config.ts';
import { DLQ_HEADERS } from '../../../services/ingest/dead-letter.ts';
import { startIngest, type IngestHandle } from '../../../services/ingest/main.ts';
import { encodeSingleObject } from '../../../services/lib/avro/index.ts';
import { sampleStatementsBatch } from '../../../services/lib/avro/samples.ts';
import { createPipelineEnv, quietLogger, waitFor, type PipelineEnv } from '../../support/pipeline-env.ts';

// Poison messages go to the dead-letter topic with their reason and source coordinates, unchanged; the good
// messages around them are stored; the stream never stops.

let env: PipelineEnv;
let ingest: IngestHandle;

before(async () => {
  env = await createPipelineEnv('dlq', { partitions: 1 });
  ingest = await startIngest(loadIngestConfig({ ...env.env, PGA_INGEST_METRICS_PORT: '0' }), quietLogger);
});

after(async () => {
  await ingest?.stop();
  await env?.close();
});

function goodBatch(sequence: number) {
  const b = sampleStatementsBatch(4) as { envelope: Record<string, unknown> };
  b.envelope = {
    ...b.envelope,
    sequence,
    collected_at: (b.envelope.collected_at as number) + sequence * 60_000_000,
  };
  return b;
}

test('each kind of poison is dead-lettered with its reason while good messages are stored', async () => {
  const statements = env.registry.byName('metrics.statements.v1');
  const fingerprint = statements.fingerprint;
  const good = (seq: number) => ({
    key: 'pg-prod-eu1-a',
    value: encodeSingleObject(statements, goodBatch(seq)),
  });
  const negative = goodBatch(99) as { envelope: unknown; rows: Array<Record<string, unknown>> };
  negative.rows = negative.rows.map((r, i) => (i === 1 ? { ...r, calls: -5 } : r));
  const unknownFp = Buffer.concat([Buffer.from([0xc3, 0x01]), randomBytes(8), randomBytes(40)]);
  const truncated = Buffer.concat([Buffer.from([0xc3, 0x01]), fingerprint, Buffer.from([0x02, 0x10])]);

  const poison: Array<{ value: Buffer; reason: string; topic: string }> = [
    { value: randomBytes(64), reason: 'AVRO_BAD_MAGIC', topic: 'metrics.statements.v1' },
    { value: unknownFp, reason: 'AVRO_UNKNOWN_FINGERPRINT', topic: 'metrics.statements.v1' },
    { value: truncated, reason: 'AVRO_DECODE_FAILED', topic: 'metrics.statements.v1' },
    {
      value: encodeSingleObject(statements, negative),
      reason: 'DB_REJECTED',
      topic: 'metrics.statements.v1',
    },
    {
      value: encodeSingleObject(statements, goodBatch(50)),
      reason: 'ROWS_INVALID',
      topic: 'metrics.tables.v1',
    },
  ];
  let seq = 1;
  for (const p of poison) {
    await env.sendRaw('metrics.statements.v1', [good(seq++)]);
    await env.sendRaw(p.topic, [{ key: 'pg-prod-eu1-a', value: p.value }]);
    await env.sendRaw('metrics.statements.v1', [good(seq++)]);
  }
  const goodMessages = seq - 1;
  await waitFor(
    'good statement rows',
    async () => (await env.count('statements')) === goodMessages * 4,
    30_000,
  );

  const consumer = env.kafka.consumer({ groupId: `${env.group}-dlq-reader` });
  const seen: Array<{ headers: Record<string, string>; value: Buffer | null }> = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [env.topic('deadletter.v1')], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
      seen.push({ headers, value: message.value });
    },
  });
  try {
    await waitFor('5 dead letters', async () => seen.length >= poison.length, 30_000);
  } finally {
    await consumer.disconnect();
  }
  assert.equal(seen.length, poison.length);
  const reasons = seen.map((s) => s.headers[DLQ_HEADERS.reason]).sort();
  assert.deepEqual(reasons, poison.map((p) => p.reason).sort());
  for (const p of poison) {
    const dl = seen.find((s) => s.headers[DLQ_HEADERS.reason] === p.reason);
    assert.ok(dl);
    assert.equal(dl.headers[DLQ_HEADERS.topic], env.topic(p.topic));
    assert.equal(dl.headers[DLQ_HEADERS.partition], '0');
    assert.match(dl.headers[DLQ_HEADERS.offset] ?? '', /^\d+$/);
    assert.ok((dl.headers[DLQ_HEADERS.error] ?? '').length > 0);
    assert.deepEqual(dl.value, p.value, 'the message is dead-lettered unchanged');
  }
  const rejected = seen.find((s) => s.headers[DLQ_HEADERS.reason] === 'DB_REJECTED');
  assert.match(rejected?.headers[DLQ_HEADERS.error] ?? '', /23514/);
  // The rejected batch left nothing behind: not one of its rows, not its ledger entry.
  assert.equal(
    Number((await env.pool.query('SELECT count(*) AS n FROM statements WHERE calls < 0')).rows[0].n),
    0,
  );
  assert.equal(await env.count('ingest_batches'), goodMessages);
});
