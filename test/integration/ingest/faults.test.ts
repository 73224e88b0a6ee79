import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { simulate, type SimulationSummary } from '../../../services/simulate/index.ts';
import { startKafka, startPostgres, stopKafka, stopPostgres } from '../../../services/stack/index.ts';
import { spawnIngest, type IngestProcess } from '../support/ingest-process.ts';
import { createPipelineEnv, quietLogger, waitFor, type PipelineEnv } from '../../support/pipeline-env.ts';
import { startPrivateStack, type PrivateStack } from '../../support/private-stack.ts';

// Faults lose nothing and duplicate nothing: the ingest process SIGKILLed at random moments, the broker
// restarted mid-stream, the database restarted mid-stream. Each runs on a private stack (its own broker and
// PostgreSQL), with a real `pga ingest` child process, against what the simulator produced.

let stack: PrivateStack;

before(async () => {
  stack = await startPrivateStack();
});

after(async () => {
  await stack?.stop();
});

interface Expected {
  rows: number;
  byTable: Map<string, number>;
  messages: number;
}

function expectation(): Expected {
  return { rows: 0, byTable: new Map(), messages: 0 };
}

async function produceWave(
  env: PipelineEnv,
  expected: Expected,
  wave: string,
  intervals = 6,
): Promise<SimulationSummary> {
  const summary = await simulate(
    {
      topicPrefix: env.prefix,
      servers: 6,
      statements: 150,
      intervalSeconds: 60,
      intervals,
      serverPrefix: wave,
      seed: 7,
    },
    { kafka: env.kafka, registry: env.registry, logger: quietLogger },
  );
  expected.rows += summary.rows;
  expected.messages += summary.messages;
  for (const [t, n] of Object.entries(summary.byTable))
    expected.byTable.set(t, (expected.byTable.get(t) ?? 0) + n);
  return summary;
}

/** Rows committed so far, from the batch ledger (written in the same transaction as the rows). */
async function committedRows(env: PipelineEnv): Promise<number> {
  return Number(
    (await env.pool.query('SELECT COALESCE(sum(row_count), 0)::bigint AS n FROM ingest_batches')).rows[0].n,
  );
}

async function assertExactlyOnce(env: PipelineEnv, expected: Expected): Promise<void> {
  await waitFor(
    `${expected.rows} rows committed`,
    async () => (await committedRows(env)) === expected.rows,
    180_000,
  );
  assert.equal(await env.count('ingest_batches'), expected.messages, 'every batch recorded once');
  for (const [table, n] of expected.byTable) {
    if (table === 'query_texts') continue; // upserted by (server, queryid), not appended
    assert.equal(await env.count(table), n, `rows in ${table}`);
  }
  const dup = await env.pool.query(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM statements GROUP BY server_id, time, dbid, userid, queryid, toplevel HAVING count(*) > 1) d`,
  );
  assert.equal(dup.rows[0].n, 0, 'no statement row twice');
}

describe('faults lose nothing and duplicate nothing', { timeout: 900_000 }, () => {
  it('the consumer is SIGKILLed at random moments, three times, while data flows', async () => {
    const env = await createPipelineEnv('kill', { stack: stack.cfg });
    const childEnv = {
      ...stack.env,
      ...env.env,
      PGA_INGEST_BATCH_ROWS: '2000',
      PGA_INGEST_CONCURRENCY: '1',
      PGA_INGEST_FETCH_BYTES: '65536',
      // A killed consumer's partitions move to the new one once its session times out.
      PGA_INGEST_SESSION_TIMEOUT_MS: '6000',
    };
    const expected = expectation();
    let child: IngestProcess | undefined;
    try {
      await produceWave(env, expected, 'k1');
      const producing = produceWave(env, expected, 'k2', 10); // keeps producing while the consumer dies
      child = spawnIngest(childEnv);
      let kills = 0;
      let waves = 2;
      while (kills < 3) {
        const seen = await committedRows(env);
        await waitFor(
          'the restarted consumer to commit',
          async () => (await committedRows(env)) > seen,
          120_000,
        );
        await sleep(Math.floor(Math.random() * 400));
        if ((await committedRows(env)) >= expected.rows) {
          await produceWave(env, expected, `k${++waves}`); // it caught up: give it more to be killed in
          continue;
        }
        const code = await child.kill('SIGKILL');
        assert.equal(code, null, 'killed by the signal, not exited');
        kills++;
        child = spawnIngest(childEnv);
      }
      await producing;
      await assertExactlyOnce(env, expected);
      assert.equal(await child.kill('SIGTERM'), 0, 'SIGTERM shuts down cleanly');
    } catch (err) {
      console.error(child?.output().slice(-4000));
      throw err;
    } finally {
      await child?.kill('SIGKILL');
      await env.close();
    }
  });

  it('the broker is restarted mid-stream', async () => {
    const env = await createPipelineEnv('broker', { stack: stack.cfg });
    const expected = expectation();
    const child = spawnIngest({
      ...stack.env,
      ...env.env,
      PGA_INGEST_BATCH_ROWS: '2000',
      PGA_INGEST_CONCURRENCY: '1',
    });
    try {
      await produceWave(env, expected, 'b1', 10);
      await waitFor('first rows', async () => (await committedRows(env)) > 0, 120_000);
      await stopKafka(stack.cfg, quietLogger);
      await sleep(4000);
      await startKafka(stack.cfg, quietLogger);
      await produceWave(env, expected, 'b2');
      await assertExactlyOnce(env, expected);
      assert.equal(child.child.exitCode, null, 'the consumer rode out the outage');
    } catch (err) {
      console.error(child.output().slice(-4000));
      throw err;
    } finally {
      await child.kill('SIGTERM');
      await env.close();
    }
  });

  it('the database is restarted mid-stream', async () => {
    const env = await createPipelineEnv('database', { stack: stack.cfg });
    const expected = expectation();
    const child = spawnIngest({
      ...stack.env,
      ...env.env,
      PGA_INGEST_BATCH_ROWS: '2000',
      PGA_INGEST_CONCURRENCY: '1',
    });
    try {
      await produceWave(env, expected, 'd1', 10);
      await waitFor('first rows', async () => (await committedRows(env)) > 0, 120_000);
      await stopPostgres(stack.cfg, quietLogger, { mode: 'immediate' });
      await produceWave(env, expected, 'd2'); // arrives while the database is down
      await sleep(3000);
      await startPostgres(stack.cfg, quietLogger);
      await assertExactlyOnce(env, expected);
      assert.equal(child.child.exitCode, null, 'the consumer rode out the outage');
    } catch (err) {
      console.error(child.output().slice(-4000));
      throw err;
    } finally {
      await child.kill('SIGTERM');
      await env.close();
    }
  });
});
