import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import '../lib/db/pool.ts';
import { agentBinary } from '../lib/agent-binary.ts';
import type { StackConfig } from '../lib/config/stack.ts';
import { errorMessage } from '../lib/errors.ts';
import { quoteIdent } from '../lib/db/quote.ts';
import type { Logger } from '../lib/log/logger.ts';
import { stackPaths } from '../stack/paths.ts';

// The real agent in the demo: collector-native's pga-agent samples the stack's PostgreSQL — as a login role
// with pg_monitor only, the way docs tell an operator to set it up — while pgbench runs a light workload in a
// database of its own, and publishes to the demo's topics beside the simulated fleet. Its state, configuration
// and log live under <PGA_HOME>/demo-agent.

export const DEMO_AGENT_ROLE = 'pga_demo_agent';
export const DEMO_WORKLOAD_DB = 'pga_demo_workload';

export interface DemoAgent {
  serverId: string;
  stop(): Promise<void>;
}

export interface DemoAgentDeps {
  stack: StackConfig;
  topicPrefix: string;
  intervalSeconds: number;
  write: (line: string) => void;
  log: Logger;
}

async function onDb<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, application_name: 'pga-demo' });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The workload database, the extension and the monitoring role, each created only when missing. */
async function prepareServer(serverUrl: string, workloadUrl: string): Promise<void> {
  await onDb(serverUrl, async (c) => {
    const db = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [DEMO_WORKLOAD_DB]);
    if (db.rowCount === 0) await c.query(`CREATE DATABASE ${quoteIdent(DEMO_WORKLOAD_DB)}`);
    const role = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [DEMO_AGENT_ROLE]);
    if (role.rowCount === 0) await c.query(`CREATE ROLE ${quoteIdent(DEMO_AGENT_ROLE)} LOGIN`);
    await c.query(`GRANT pg_monitor TO ${quoteIdent(DEMO_AGENT_ROLE)}`);
  });
  await onDb(workloadUrl, async (c) => {
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  });
}

function runToEnd(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd}: ${err.trim()}`))));
  });
}

/** pgbench at a gentle fixed rate, restarted should it end; stopped with the returned function. */
function startPgbench(url: string, log: Logger): () => Promise<void> {
  let child: ChildProcess | undefined;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    child = spawn('pgbench', ['-n', '-c', '2', '-j', '1', '-R', '20', '-T', '86400', url], {
      stdio: 'ignore',
    });
    child.once('error', (err) => log.warn({ err: errorMessage(err) }, 'pgbench did not start'));
    child.once('exit', () => setTimeout(run, 2000).unref());
  };
  run();
  return async () => {
    stopped = true;
    if (child && child.exitCode === null) {
      const done = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await done;
    }
  };
}

export async function startDemoAgent(deps: DemoAgentDeps): Promise<DemoAgent | undefined> {
  const { stack, write } = deps;
  let bin: string;
  try {
    bin = agentBinary();
  } catch {
    write('agent: collector-native is not built (`make collector`): running the simulated fleet only');
    return undefined;
  }
  const server = new URL(stack.databaseUrl);
  const workload = new URL(stack.databaseUrl);
  workload.pathname = `/${DEMO_WORKLOAD_DB}`;
  try {
    await prepareServer(stack.databaseUrl, workload.toString());
    const ready = await onDb(workload.toString(), (c) =>
      c.query("SELECT 1 FROM pg_class WHERE relname = 'pgbench_accounts'"),
    );
    if (ready.rowCount === 0) await runToEnd('pgbench', ['-i', '-q', '-s', '1', workload.toString()]);
  } catch (err) {
    write(`agent: could not prepare ${server.host} for it (${errorMessage(err)}); simulated fleet only`);
    return undefined;
  }
  const stopPgbench = startPgbench(workload.toString(), deps.log);

  const dir = path.join(stack.home, 'demo-agent');
  fs.mkdirSync(dir, { recursive: true });
  const port = Number(server.port || 5432);
  const serverId = `local:${port}`;
  const every = Math.max(1, Math.round(deps.intervalSeconds));
  const pgLog = stackPaths(stack).pgLog;
  const plugins: Record<string, unknown> = Object.fromEntries(
    ['statements', 'database', 'tables', 'indexes', 'activity', 'replication', 'checkpointer'].map((p) => [
      p,
      { interval_s: every },
    ]),
  );
  if (!stack.externalDatabase && fs.existsSync(pgLog)) {
    plugins.logs = { enabled: true, path: pgLog, format: 'stderr', log_line_prefix: '%m [%p] %q%u@%d ' };
  }
  const config = {
    collector: { name: 'demo', state_dir: dir },
    log_level: 'info',
    instances: [
      {
        name: 'local',
        server_id: serverId,
        connection: {
          host: server.hostname,
          port,
          dbname: DEMO_WORKLOAD_DB,
          user: DEMO_AGENT_ROLE,
        },
        include_databases: [DEMO_WORKLOAD_DB, decodeURIComponent(server.pathname.slice(1))],
        plugins,
      },
    ],
    system: { interval_s: every },
    kafka: { brokers: stack.kafkaBrokers, topic_prefix: deps.topicPrefix },
    spool: { path: path.join(dir, 'spool') },
  };
  const configFile = path.join(dir, 'agent.yaml');
  fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const logFile = path.join(dir, 'agent.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(bin, ['--config', configFile], { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') write(`agent: exited (${code ?? signal}); see ${logFile}`);
  });
  write(
    `agent: pga-agent samples PostgreSQL ${server.host} as ${DEMO_AGENT_ROLE} (pg_monitor only) every ${every} s ` +
      `under a pgbench workload in ${DEMO_WORKLOAD_DB} (server id ${serverId}; log ${logFile})`,
  );
  return {
    serverId,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      await stopPgbench();
    },
  };
}
