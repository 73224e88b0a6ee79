import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadStackConfig } from '../../services/lib/config/stack.ts';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { agentFiles, runAgent } from './support/agent-process.ts';
import { createMonitorRole, enablePgStatStatements, query, type MonitorRole } from './support/monitored.ts';

// pga-agent's command line: --help and --version, a wrong setting refused with its name, --check telling
// exactly what is missing, --once printing one collection of every plugin as JSON.

const PLUGINS = [
  'activity',
  'checkpointer',
  'database',
  'indexes',
  'logs',
  'querytexts',
  'replication',
  'settings',
  'statements',
  'system',
  'tables',
];

describe('pga-agent command line', { timeout: 180_000 }, () => {
  const stack = loadStackConfig();
  let db: ScratchDatabase;
  let role: MonitorRole;

  before(async () => {
    db = await createScratchDatabase(stack.databaseUrl);
    await enablePgStatStatements(db.url);
    await query(db.url, 'CREATE TABLE cli_sample (id int PRIMARY KEY, v text)');
    role = await createMonitorRole(stack.databaseUrl);
  });
  after(async () => {
    await role?.drop();
    await db?.drop();
  });

  const standalone = (dbname: string, port: number, user: string, extra: Record<string, unknown> = {}) =>
    agentFiles((dir) => ({
      log_level: 'warn',
      instances: [
        {
          name: 'main',
          server_id: 'cli-test',
          connection: { host: '127.0.0.1', port, dbname, user },
          include_databases: [dbname],
        },
      ],
      kafka: { brokers: stack.kafkaBrokers, topic_prefix: 'cli-test' },
      spool: { path: `${dir}/spool` },
      ...extra,
    }));

  it('--help describes the options, the environment and every plugin', () => {
    const r = runAgent(['--help']);
    assert.equal(r.status, 0);
    for (const word of ['--config', '--once', '--check', '--version', 'PGA_AGENT_API_URL', ...PLUGINS]) {
      assert.ok(r.stdout.includes(word), `--help mentions ${word}`);
    }
  });

  it('--version prints the version', () => {
    const r = runAgent(['--version']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /\d+\.\d+\.\d+/);
  });

  it('refuses a wrong setting at start, naming it (exit 2)', () => {
    const files = standalone(db.name, stack.pgPort, role.name, { system: { interval_s: 0 } });
    try {
      const r = runAgent(['--config', files.configFile, '--once']);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stdout + r.stderr, /system\.interval_s/);
    } finally {
      files.cleanup();
    }
  });

  it('refuses a password written in the file, saying what to use instead', () => {
    const files = agentFiles((dir) => ({
      instances: [{ name: 'main', connection: { host: '127.0.0.1', password: 'hunter2-xyz' } }],
      spool: { path: `${dir}/spool` },
    }));
    try {
      const r = runAgent(['--config', files.configFile, '--check']);
      assert.equal(r.status, 2);
      assert.match(r.stdout + r.stderr, /password_env|password_file/);
      assert.ok(!(r.stdout + r.stderr).includes('hunter2-xyz'), 'the secret is not echoed');
    } finally {
      files.cleanup();
    }
  });

  it('--check passes for a pg_monitor role with pg_stat_statements', () => {
    const files = standalone(db.name, stack.pgPort, role.name);
    try {
      const r = runAgent(['--config', files.configFile, '--check']);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /pg_monitor/);
    } finally {
      files.cleanup();
    }
  });

  it('--check warns when the role is shared with other clients (their statements would be left out)', async () => {
    const { default: pg } = await import('pg');
    const u = new URL(db.url);
    u.username = role.name;
    const app = new pg.Client({ connectionString: u.toString(), application_name: 'some-app' });
    await app.connect();
    const files = standalone(db.name, stack.pgPort, role.name);
    try {
      const r = runAgent(['--config', files.configFile, '--check']);
      assert.equal(r.status, 0, 'a warning, not a failure: ' + r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`role ${role.name} is also used by 1 other session`));
      assert.match(r.stdout, /CREATE ROLE pga_monitor LOGIN/);
    } finally {
      files.cleanup();
      await app.end();
    }
  });

  it('--check explains what is missing (pg_stat_statements not created, role without pg_monitor)', async () => {
    const bare = await createScratchDatabase(stack.databaseUrl);
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: stack.databaseUrl });
    await c.connect();
    const plain = `pga_agent_plain_${Date.now()}`;
    await c.query(`CREATE ROLE ${plain} LOGIN`);
    const files = standalone(bare.name, stack.pgPort, plain);
    try {
      const r = runAgent(['--config', files.configFile, '--check']);
      assert.notEqual(r.status, 0);
      assert.match(r.stdout, /CREATE EXTENSION pg_stat_statements/);
      assert.match(r.stdout, new RegExp(`GRANT pg_monitor TO ${plain}`));
    } finally {
      files.cleanup();
      await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [plain]);
      await c.query(`DROP ROLE ${plain}`);
      await c.end();
      await bare.drop();
    }
  });

  it('--once prints one collection of every enabled plugin as JSON, sending nothing', () => {
    const files = standalone(db.name, stack.pgPort, role.name);
    try {
      const r = runAgent(['--config', files.configFile, '--once']);
      assert.equal(r.status, 0, r.stderr.slice(-3000));
      const out = JSON.parse(r.stdout) as { batches: Array<{ schema: string }> };
      const schemas = new Set(out.batches.map((b) => b.schema));
      for (const s of [
        'metrics.statements.v1',
        'metrics.database.v1',
        'metrics.tables.v1',
        'metrics.activity.v1',
        'metrics.checkpointer.v1',
        'metrics.settings.v1',
        'metrics.system.v1',
      ]) {
        assert.ok(schemas.has(s), `--once shows ${s} (got ${[...schemas].join(', ')})`);
      }
    } finally {
      files.cleanup();
    }
  });
});
