import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import '../lib/db/pool.ts';
import { agentBinary } from '../lib/agent-binary.ts';
import { SchemaRegistry } from '../lib/avro/index.ts';
import type { Env } from '../lib/config/env.ts';
import { loadStackConfig } from '../lib/config/stack.ts';
import { quoteIdent } from '../lib/db/quote.ts';
import type { Logger } from '../lib/log/logger.ts';
import { readAgentOutput } from './agent-output-meter.ts';
import { createWorkloadTables, startWorkload, type WorkloadShape } from './agent-workload.ts';
import { createBenchTopics } from './bench-topics.ts';
import { sampleProcess, type ProcessSample } from './process-sampler.ts';
import { benchLogger, fmtInt, stderrProgress, type Progress } from './progress.ts';

// `pga bench agent`: what the native agent costs on a database host.
//   1. a fresh database on the stack's PostgreSQL with `tables` tables and `statements` distinct statements
//      (pg_stat_statements reset first, so they are the entries it holds), a login role with pg_monitor only,
//      and a fresh topic prefix;
//   2. a workload that runs every statement once per interval, so every entry changes every interval;
//   3. the agent (collector-native/build/pga-agent), every plugin at `intervalS`, for `durationS`, its
//      /proc figures sampled every second: peak RSS (VmHWM) and CPU time over the run as % of one core;
//   4. everything it published read back: bytes of Avro batches per interval, statements per sample.
// Everything is removed at the end, also on failure or interruption (unless `keep`).

export interface AgentBenchOptions {
  statements: number;
  tables: number;
  intervalS: number;
  durationS: number;
  keep?: boolean;
  env?: Env;
  logger?: Logger;
  progress?: Progress;
  signal?: AbortSignal;
}

export const AGENT_BENCH_DEFAULTS = { statements: 5000, tables: 200, intervalS: 10, durationS: 180 } as const;

export interface AgentBenchResult {
  rss_mb: number;
  cpu_pct: number;
  bytes_per_interval: number;
  statements: number;
}

async function onServer(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, application_name: 'pga-bench' });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => (clearTimeout(t), resolve());
    const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export async function runAgentBench(o: AgentBenchOptions): Promise<AgentBenchResult> {
  const progress = o.progress ?? stderrProgress;
  const logger = o.logger ?? benchLogger();
  const stack = loadStackConfig(o.env);
  const bin = agentBinary();
  const id = randomBytes(4).toString('hex');
  const dbName = `pga_bench_agent_${id}`;
  const role = `pga_bench_agent_${id}`;
  const u = new URL(stack.databaseUrl);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pga-bench-agent-'));
  const cleanups: Array<() => Promise<void>> = []; // what it created: kept with `keep`
  const stops: Array<() => Promise<void>> = []; // what it runs: always stopped
  const shape: WorkloadShape = { tables: o.tables, statements: o.statements };
  try {
    progress(`creating ${dbName}: ${o.tables} tables, ${fmtInt(o.statements)} distinct statements`);
    await onServer(stack.databaseUrl, `CREATE DATABASE ${quoteIdent(dbName)}`);
    cleanups.push(() =>
      onServer(stack.databaseUrl, `DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`),
    );
    await onServer(stack.databaseUrl, `CREATE ROLE ${quoteIdent(role)} LOGIN`);
    await onServer(stack.databaseUrl, `GRANT pg_monitor TO ${quoteIdent(role)}`);
    cleanups.push(() => onServer(stack.databaseUrl, `DROP ROLE IF EXISTS ${quoteIdent(role)}`));
    await onServer(dbUrl, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await createWorkloadTables(dbUrl, shape);
    await onServer(dbUrl, 'SELECT pg_stat_statements_reset()');
    const topics = await createBenchTopics(stack.kafkaBrokers, logger, 1);
    cleanups.push(() => topics.drop());

    const workload = await startWorkload(dbUrl, shape, o.intervalS * 1000);
    stops.push(() => workload.stop());
    const plugins = Object.fromEntries(
      [
        'statements',
        'querytexts',
        'database',
        'tables',
        'indexes',
        'activity',
        'replication',
        'checkpointer',
        'settings',
      ].map((p) => [p, { interval_s: o.intervalS }]),
    );
    const config = {
      collector: { name: `bench-${id}`, state_dir: dir },
      log_level: 'warn',
      instances: [
        {
          name: 'bench',
          server_id: `bench-agent-${id}`,
          connection: { host: '127.0.0.1', port: stack.pgPort, dbname: dbName, user: role },
          include_databases: [dbName],
          plugins,
        },
      ],
      system: { interval_s: o.intervalS },
      kafka: { brokers: stack.kafkaBrokers, topic_prefix: topics.prefix },
      spool: { path: path.join(dir, 'spool') },
    };
    const configFile = path.join(dir, 'agent.yaml');
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));

    progress(
      `running the agent for ${o.durationS} s at a ${o.intervalS} s interval (every statement runs each interval)`,
    );
    const agentLog = fs.openSync(path.join(dir, 'agent.log'), 'w');
    const child = spawn(bin, ['--config', configFile], { stdio: ['ignore', agentLog, agentLog] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    stops.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    });
    const started = performance.now();
    let first: ProcessSample | undefined;
    let last: ProcessSample | undefined;
    while (performance.now() - started < o.durationS * 1000 && !o.signal?.aborted) {
      await sleep(1000, o.signal);
      if (child.exitCode !== null) {
        throw new Error(
          `the agent exited (${child.exitCode}): see ${path.join(dir, 'agent.log')}\n${fs.readFileSync(path.join(dir, 'agent.log'), 'utf8').slice(-3000)}`,
        );
      }
      const s = sampleProcess(child.pid ?? -1);
      if (!s) continue;
      first ??= s;
      last = s;
      const elapsed = (performance.now() - started) / 1000;
      if (Math.round(elapsed) % 15 === 0) {
        progress(
          `${Math.round(elapsed)} s: RSS ${(s.rssBytes / 2 ** 20).toFixed(1)} MB, CPU ${((s.cpuSeconds / elapsed) * 100).toFixed(2)} %, ${fmtInt(workload.executed())} statements run`,
        );
      }
    }
    const elapsedS = (performance.now() - started) / 1000;
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) progress(`the agent exited with ${code} on SIGTERM (see ${path.join(dir, 'agent.log')})`);
    await workload.stop();
    if (!first || !last) throw new Error('the agent process could not be sampled');

    progress('reading back what the agent published');
    const output = await readAgentOutput(stack.kafkaBrokers, topics.prefix, SchemaRegistry.load(), logger);
    const intervals = Math.max(1, Math.floor(elapsedS / o.intervalS));
    return {
      rss_mb: Math.round((last.peakRssBytes / 2 ** 20) * 10) / 10,
      cpu_pct: Math.round((last.cpuSeconds / elapsedS) * 100 * 100) / 100,
      bytes_per_interval: Math.round(output.valueBytes / intervals),
      statements: Math.max(0, ...output.statementsPerSample),
    };
  } finally {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    if (o.keep) {
      progress(`kept: database ${dbName}, role ${role}, state ${dir}`);
    } else {
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
