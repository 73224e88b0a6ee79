import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startKafka, stopKafka } from '../../services/stack/index.ts';
import { createPipelineEnv, quietLogger, waitFor, type PipelineEnv } from '../support/pipeline-env.ts';
import { startPrivateStack, type PrivateStack } from '../support/private-stack.ts';
import { spawnIngest, type IngestProcess } from '../integration/support/ingest-process.ts';
import { agentFiles, spawnAgent, type AgentProcess } from './support/agent-process.ts';
import { testAgentConfig } from './support/agent-config.ts';
import { createMonitorRole, enablePgStatStatements, type MonitorRole } from './support/monitored.ts';

// Kafka goes away for a minute while the agent keeps sampling, and the agent is SIGKILLed and restarted in
// the middle of the outage: its spool must replay everything after recovery, so that every batch — by its
// sequence number, per server and family — reaches the database exactly once, with no gap.
// Runs on a private stack: stopping the shared broker would break the other tests.

interface SeqRow {
  server_id: string;
  stream: string;
  min: string;
  max: string;
  distinct_seq: string;
  batches: string;
}

describe('the agent rides out a Kafka outage and its own crash', { timeout: 600_000 }, () => {
  let stack: PrivateStack;
  let env: PipelineEnv;
  let role: MonitorRole;
  let ingest: IngestProcess;
  let agent: AgentProcess;
  let files: ReturnType<typeof agentFiles>;
  const serverId = `agent-outage-${randomBytes(3).toString('hex')}`;

  before(async () => {
    stack = await startPrivateStack();
    env = await createPipelineEnv('agent-outage', { stack: stack.cfg });
    await enablePgStatStatements(env.db.url);
    role = await createMonitorRole(stack.cfg.databaseUrl);
    ingest = spawnIngest({ ...stack.env, ...env.env });
    files = agentFiles((dir) => {
      const config = testAgentConfig({
        stack: stack.cfg,
        serverId,
        dbname: env.db.name,
        user: role.name,
        topicPrefix: env.prefix,
        spoolDir: path.join(dir, 'spool'),
        intervalS: 1,
      });
      // short delivery timeouts make the agent notice the outage quickly
      (config.kafka as Record<string, unknown>).request_timeout_ms = 5000;
      return config;
    });
  });

  after(async () => {
    await agent?.kill('SIGKILL');
    // a stuck consumer must not hold the suite: SIGKILL after 20 s
    const killer = setTimeout(() => ingest?.child.kill('SIGKILL'), 20_000);
    await ingest?.kill('SIGTERM');
    clearTimeout(killer);
    await role?.drop().catch(() => undefined);
    await env?.close().catch(() => undefined);
    await stack?.stop();
    files?.cleanup();
  });

  const ledger = async () =>
    (
      await env.pool.query<SeqRow>(
        `SELECT server_id, stream, min(sequence)::text AS min, max(sequence)::text AS max,
                count(DISTINCT sequence)::text AS distinct_seq, count(*)::text AS batches
           FROM ingest_batches GROUP BY server_id, stream ORDER BY 1, 2`,
      )
    ).rows;

  it('every batch arrives once, in sequence, after the broker comes back', async () => {
    const start = () => spawnAgent(['--config', files.configFile], { PGA_AGENT_LOG_LEVEL: 'info' });
    agent = start();
    try {
      await waitFor('batches before the outage', async () => (await ledger()).length >= 5, 120_000);

      await stopKafka(stack.cfg, quietLogger);
      await sleep(25_000); // the agent samples into its spool
      assert.equal(await agent.kill('SIGKILL'), null, 'killed by the signal');
      agent = start(); // restarted while the broker is still down: it must keep what it spooled
      await sleep(35_000);
      await startKafka(stack.cfg, quietLogger);

      await sleep(10_000); // a few more samples after the recovery
      assert.equal(await agent.kill('SIGTERM'), 0, 'SIGTERM flushes and exits cleanly');
      // everything the agent sampled is in Kafka now: its last sequence numbers are in its state folder
      const state = JSON.parse(fs.readFileSync(path.join(files.dir, 'sequences.json'), 'utf8')) as {
        next: Record<string, Record<string, number>>;
      };
      const expected = Object.entries(state.next).flatMap(([server, bySchema]) =>
        Object.entries(bySchema).map(([schema, next]) => ({ server, schema, last: next - 1 })),
      );
      assert.ok(expected.length >= 5, `sequences: ${JSON.stringify(state)}`);
      await waitFor(
        'the ingest to store the last batch of every family',
        async () => {
          const rows = await ledger();
          return expected.every((e) =>
            rows.some(
              (r) =>
                r.server_id === e.server &&
                r.stream.includes(e.schema.replace(/\.v1$/, '')) &&
                Number(r.max) >= e.last,
            ),
          );
        },
        180_000,
      );
      const rows = await ledger();
      assert.ok(rows.length >= 5, `families seen: ${JSON.stringify(rows)}`);
      for (const r of rows) {
        const span = Number(r.max) - Number(r.min) + 1;
        assert.equal(
          Number(r.distinct_seq),
          span,
          `no gap in ${r.server_id}/${r.stream}: ${JSON.stringify(r)}`,
        );
        // families sampled every second send a batch each time (settings only on change, logs on events)
        if (/system|database|activity/.test(r.stream)) {
          assert.ok(span >= 40, `${r.stream} kept sampling through the outage (${span} batches)`);
        }
      }
      // batches that were resent (e.g. acknowledged by Kafka but not yet marked so in the spool when the agent
      // was killed) are dropped by the ingest ledger: each (server, family, sequence, time) once
      const dup = await env.pool.query(
        `SELECT server_id, stream, sequence FROM ingest_batches GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      );
      assert.equal(dup.rowCount, 0, `sequences stored twice: ${JSON.stringify(dup.rows)}`);
    } catch (err) {
      console.error(agent.output().slice(-6000));
      throw err;
    }
  });
});
