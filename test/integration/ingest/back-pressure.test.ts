import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { loadIngestConfig } from '../../../services/ingest/config.ts';
import { startIngest, type IngestHandle } from '../../../services/ingest/main.ts';
import { simulate } from '../../../services/simulate/index.ts';
import { createPipelineEnv, quietLogger, waitFor, type PipelineEnv } from '../../support/pipeline-env.ts';

// When the database is slow the consumer stops pulling: what it holds in memory stays bounded by the
// partitions it consumes at once, and the rest waits in Kafka. Here a session holds an exclusive lock on
// the statements table, so every write blocks, while 100k+ statement rows are produced.

let env: PipelineEnv;
let ingest: IngestHandle;

before(async () => {
  env = await createPipelineEnv('backpressure', { partitions: 3 });
  const cfg = loadIngestConfig({
    ...env.env,
    PGA_INGEST_METRICS_PORT: '0',
    PGA_INGEST_CONCURRENCY: '2',
    PGA_INGEST_FETCH_BYTES: '131072',
    PGA_INGEST_BATCH_ROWS: '2000',
  });
  ingest = await startIngest(cfg, quietLogger);
});

after(async () => {
  await ingest?.stop();
  await env?.close();
});

async function inflight(): Promise<number> {
  return (await ingest.metrics.inflightRows.get()).values[0]?.value ?? 0;
}

test('a blocked database pauses consumption instead of buffering', async () => {
  const locker = new pg.Client({ connectionString: env.db.url });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE statements IN ACCESS EXCLUSIVE MODE');
  let released = false;
  try {
    const summary = await simulate(
      {
        topicPrefix: env.prefix,
        servers: 6,
        statements: 500,
        intervalSeconds: 60,
        intervals: 40,
        families: ['statements'],
        seed: 3,
      },
      { kafka: env.kafka, registry: env.registry, logger: quietLogger },
    );
    assert.ok(summary.statementRows > 100_000, `produced ${summary.statementRows} statement rows`);
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      samples.push(await inflight());
      await sleep(250);
    }
    const maxInflight = Math.max(...samples);
    assert.ok(maxInflight > 0, 'the consumer did fetch and wait');
    // Two partitions at once, each at most one fetch (128 KiB of zstd-compressed batches, a few thousand
    // rows): a small, fixed share of what waits in Kafka, and not growing while the database is blocked.
    assert.ok(
      maxInflight <= summary.statementRows * 0.15,
      `held ${maxInflight} of ${summary.statementRows} rows in memory while the database was blocked`,
    );
    assert.equal(samples.at(-1), samples[8], `in-memory rows did not grow: ${samples.join(',')}`);
    assert.equal(await env.count('ingest_batches'), 0, 'nothing committed while blocked');
    await locker.query('COMMIT');
    released = true;
    await waitFor(
      'every row after the database unblocked',
      async () => (await env.count('statements')) === summary.byTable.statements,
      120_000,
    );
    assert.equal(await inflight(), 0);
  } finally {
    if (!released) await locker.query('ROLLBACK').catch(() => undefined);
    await locker.end();
  }
});
