import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPipelineEnv, waitFor, type PipelineEnv } from '../support/pipeline-env.ts';
import { spawnIngest, type IngestProcess } from '../integration/support/ingest-process.ts';
import { agentFiles, spawnAgent, type AgentProcess } from './support/agent-process.ts';
import { testAgentConfig } from './support/agent-config.ts';
import {
  createMonitorRole,
  enablePgStatStatements,
  pgbench,
  query,
  type MonitorRole,
} from './support/monitored.ts';

// The real agent against the real stack: it samples the project's PostgreSQL (as a pg_monitor-only role)
// and the host, publishes to Kafka, and `pga ingest` stores what it sent. Every family must arrive, be decoded
// and stored; pgbench's statements must arrive with exactly the call counts PostgreSQL counted.

const FAMILIES = [
  'metrics.statements.v1',
  'metrics.querytexts.v1',
  'metrics.database.v1',
  'metrics.tables.v1',
  'metrics.indexes.v1',
  'metrics.activity.v1',
  'metrics.replication.v1',
  'metrics.checkpointer.v1',
  'metrics.settings.v1',
  'metrics.system.v1',
  'logs.v1',
];

describe('the native agent through the pipeline', { timeout: 300_000 }, () => {
  let env: PipelineEnv;
  let role: MonitorRole;
  let ingest: IngestProcess;
  let agent: AgentProcess;
  let files: ReturnType<typeof agentFiles>;
  const serverId = `agent-it-${randomBytes(3).toString('hex')}`;

  const streamsSeen = async () =>
    // the database and the topics are this test's own: everything in the ledger came from this agent
    (await env.pool.query<{ stream: string }>('SELECT DISTINCT stream FROM ingest_batches')).rows.map(
      (r) => r.stream,
    );

  before(async () => {
    env = await createPipelineEnv('agent');
    await enablePgStatStatements(env.db.url);
    role = await createMonitorRole(env.stack.databaseUrl);
    pgbench(env.db.url, ['-i', '-q', '-s', '1']);
    pgbench(env.db.url, ['-t', '1', '-c', '2']); // entries exist before the agent takes its baseline
    ingest = spawnIngest(env.env);
    files = agentFiles((dir) =>
      testAgentConfig({
        stack: env.stack,
        serverId,
        dbname: env.db.name,
        user: role.name,
        topicPrefix: env.prefix,
        spoolDir: path.join(dir, 'spool'),
      }),
    );
    agent = spawnAgent(['--config', files.configFile]);
  });

  after(async () => {
    await agent?.kill('SIGTERM');
    await ingest?.kill('SIGTERM');
    await role?.drop();
    await env?.close();
    files?.cleanup();
  });

  it('sends every family, decoded and stored by the ingest', async () => {
    // something for the logs family: an error and a slow statement from a user session
    await query(env.db.url, 'SELECT 1/0').catch(() => undefined);
    try {
      await waitFor(
        'every family in the ingest ledger',
        async () => {
          await query(env.db.url, 'SELECT 1/0').catch(() => undefined);
          const seen = await streamsSeen();
          return FAMILIES.every((f) => seen.some((s) => s.includes(f.replace(/\.v1$/, ''))));
        },
        90_000,
      );
    } catch (err) {
      throw new Error(
        `${(err as Error).message}; seen: ${(await streamsSeen()).join(', ')}\nagent:\n${agent.output().slice(-4000)}`,
      );
    }
    for (const table of [
      'statements',
      'query_texts',
      'database_stats',
      'table_stats',
      'index_stats',
      'activity_summary',
      'checkpointer_stats',
      'settings',
      'system_cpu',
      'system_memory',
      'system_filesystems',
      'system_network',
      'log_events',
    ]) {
      // host families carry the host name as server_id; the database is this test's own either way
      assert.ok((await env.count(table)) > 0, `${table} has rows`);
    }
    const tables = await env.pool.query<{ relname: string }>(
      'SELECT DISTINCT relname FROM table_stats WHERE server_id = $1',
      [serverId],
    );
    assert.ok(
      tables.rows.some((r) => r.relname === 'pgbench_accounts'),
      'pgbench_accounts sampled',
    );
    // the stack logs to stderr with '%m [%p] %q%u@%d ' (no %e): the severity, user and database come from the
    // prefix, and the statement that failed is attached with its literal redacted
    const errors = await env.pool.query<{ severity: string; user_name: string; statement: string | null }>(
      "SELECT severity, user_name, statement FROM log_events WHERE server_id = $1 AND message = 'division by zero' LIMIT 1",
      [serverId],
    );
    assert.equal(errors.rowCount, 1, 'the division by zero error is in log_events');
    assert.equal(errors.rows[0]?.severity, 'ERROR');
    assert.ok(
      !(errors.rows[0]?.statement ?? '').includes('1/0'),
      `literals redacted: ${errors.rows[0]?.statement}`,
    );
  });

  it("reports pgbench's statements with exactly the calls PostgreSQL counted, and never its own", async () => {
    const accountsUpdate = async () =>
      (
        await query<{ queryid: string; calls: string }>(
          env.db.url,
          "SELECT queryid::text, calls::text FROM pg_stat_statements WHERE query LIKE 'UPDATE pgbench_accounts%' AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())",
        )
      )[0];
    const before = await accountsUpdate();
    if (!before) throw new Error('the pgbench UPDATE is not in pg_stat_statements');
    // the agent's baseline of this entry must exist before the run we count
    await waitFor('a statements batch after start', async () => {
      const r = await env.pool.query('SELECT 1 FROM statements WHERE server_id = $1 LIMIT 1', [serverId]);
      return (r.rowCount ?? 0) > 0;
    });
    const reported = async () =>
      Number(
        (
          await env.pool.query<{ calls: string | null }>(
            'SELECT sum(calls)::text AS calls FROM statements WHERE server_id = $1 AND queryid = $2',
            [serverId, before.queryid],
          )
        ).rows[0]?.calls ?? 0,
      );
    const reportedBefore = await reported();
    pgbench(env.db.url, ['-t', '150', '-c', '2']);
    const ran = Number((await accountsUpdate())?.calls) - Number(before.calls);
    assert.equal(ran, 300);
    await waitFor(
      'the pgbench calls reported',
      async () => (await reported()) - reportedBefore >= ran,
      60_000,
    );
    await new Promise((r) => setTimeout(r, 5000)); // two more intervals: nothing extra may arrive
    assert.equal((await reported()) - reportedBefore, ran);

    const own = await env.pool.query(
      'SELECT count(*)::int AS n FROM statements WHERE server_id = $1 AND user_name = $2',
      [serverId, role.name],
    );
    assert.equal(own.rows[0].n, 0, "the agent's own statements are left out");
  });

  it('stops cleanly on SIGTERM', async () => {
    const code = await agent.kill('SIGTERM');
    assert.equal(code, 0, agent.output().slice(-2000));
  });
});
