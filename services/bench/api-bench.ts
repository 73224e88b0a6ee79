import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { signAccessToken } from '../api/auth/jwt.ts';
import { hashPassword } from '../api/auth/password.ts';
import { loadApiConfig } from '../api/config.ts';
import { startApi, type ApiHandle } from '../api/main.ts';
import { insertUser } from '../api/sql/users.ts';
import { TOP_SORTS } from '../api/sql/reads/top-queries.ts';
import type { Env } from '../lib/config/env.ts';
import { loadStackConfig } from '../lib/config/stack.ts';
import type { Logger } from '../lib/log/logger.ts';
import { serverId } from './api-catalog.ts';
import { loadApiDataset, type ApiDatasetReport } from './api-dataset.ts';
import { runLoad, type LoadResult } from './api-load.ts';
import { createBenchDatabase, type BenchDatabase } from './bench-database.ts';
import { benchLogger, fmtInt, stderrProgress, type Progress } from './progress.ts';

// `pga bench api`: how fast the API answers top-queries reads over a month of a 200-server fleet.
//   1. a fresh database (plain mode) loaded with `rows` statement rows, texts and fingerprints, rollups
//      refreshed (api-dataset.ts);
//   2. the API started in-process on it (startApi, the product's configuration: PGA_API_* apply);
//   3. autocannon at `connections` concurrent connections against GET /api/v1/queries/top, four runs of
//      `durationS`: the last 24 h and the last 30 days, each per server (every server × every sort, in turn)
//      and fleet-wide (every sort);
//   4. p99 per range = the worse of its two runs; rps = all requests / all run time.
// Everything is removed at the end, also on failure or interruption (unless `keep`).

export interface ApiBenchOptions {
  rows: number;
  servers: number;
  days: number;
  intervalMin: number;
  durationS: number;
  connections: number;
  /** PGA_API_READ_CACHE_S for the API under test (default: the product default). */
  cacheS?: number;
  keep?: boolean;
  env?: Env;
  logger?: Logger;
  progress?: Progress;
  signal?: AbortSignal;
}

export const API_BENCH_DEFAULTS = {
  rows: 10_000_000,
  servers: 200,
  days: 30,
  intervalMin: 10,
  durationS: 20,
  connections: 100,
} as const;

export interface ApiBenchResult {
  top_queries_24h_p99_ms: number;
  top_queries_30d_p99_ms: number;
  rps: number;
}

export interface ApiScenario extends LoadResult {
  name: string;
  range: '24h' | '30d';
  scope: 'server' | 'fleet';
  distinctRequests: number;
}

export interface ApiBenchReport {
  result: ApiBenchResult;
  dataset: Omit<ApiDatasetReport, 'catalog'>;
  scenarios: ApiScenario[];
  cacheS: number;
  database: string;
}

const DAY_MS = 86_400_000;

function topPaths(scope: 'server' | 'fleet', from: Date, to: Date, servers: number): string[] {
  const range = `from=${from.toISOString()}&to=${to.toISOString()}`;
  const paths: string[] = [];
  if (scope === 'fleet')
    for (const sort of TOP_SORTS) paths.push(`/api/v1/queries/top?${range}&sort=${sort}`);
  else {
    // Server-major would send every sort of one server at once; interleave so neighbours differ.
    for (const sort of TOP_SORTS) {
      for (let s = 0; s < servers; s++)
        paths.push(`/api/v1/queries/top?server_id=${serverId(s)}&${range}&sort=${sort}`);
    }
  }
  return paths;
}

async function viewerToken(url: string, keys: Array<{ kid: string; secret: string }>, ttlS: number) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const email = 'bench-viewer@bench.invalid';
    const row = await insertUser(pool, {
      email,
      passwordHash: await hashPassword(randomBytes(16).toString('hex')),
      role: 'viewer',
    });
    if (!row) throw new Error('api bench: could not create the viewer user');
    return signAccessToken(keys, { userId: row.user_id, email, role: 'viewer' }, ttlS);
  } finally {
    await pool.end();
  }
}

/**
 * Waits until the API runs no query on the database: requests still queued for a pool connection when a
 * run ends go on for a while, and must not be counted in the next run.
 */
async function untilApiIdle(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const client = new pg.Client({ connectionString: url, application_name: 'pga-bench-api' });
  client.on('error', () => undefined);
  await client.connect();
  let idlePolls = 0;
  try {
    for (;;) {
      const res = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'pga-api' AND state <> 'idle'`,
      );
      // Idle for a whole second: requests still queued for a pool connection start queries meanwhile.
      idlePolls = res.rows[0]?.n === 0 ? idlePolls + 1 : 0;
      if (idlePolls >= 5 || Date.now() > deadline) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await client.end();
  }
}

export async function runApiBench(opts: ApiBenchOptions): Promise<ApiBenchReport> {
  const env = opts.env ?? process.env;
  const progress = opts.progress ?? stderrProgress;
  const logger = opts.logger ?? benchLogger();
  const signal = opts.signal ?? new AbortController().signal;
  const check = () => {
    if (signal.aborted) throw new Error('api bench interrupted');
  };
  const stack = loadStackConfig(env);
  const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

  let db: BenchDatabase | undefined;
  let api: ApiHandle | undefined;
  try {
    db = await createBenchDatabase(stack.databaseUrl, 'api');
    progress(`load      database ${db.name}`);
    check();
    const { catalog: _catalog, ...dataset } = await loadApiDataset(db.url, {
      rows: opts.rows,
      servers: opts.servers,
      days: opts.days,
      intervalMin: opts.intervalMin,
      end,
      progress,
    });
    check();

    const cfg = loadApiConfig({
      ...env,
      PGA_DATABASE_URL: db.url,
      PGA_API_HOST: '127.0.0.1',
      PGA_API_PORT: '0',
      PGA_API_JWT_KEYS: `bench:${randomBytes(32).toString('hex')}`,
      PGA_API_ACCESS_TTL_S: '86400',
      PGA_API_ADMIN_EMAIL: '',
      PGA_API_ADMIN_PASSWORD: '',
      ...(opts.cacheS === undefined ? {} : { PGA_API_READ_CACHE_S: String(opts.cacheS) }),
      PGA_LOG_LEVEL: env.PGA_LOG_LEVEL ?? 'warn',
    });
    const token = await viewerToken(db.url, cfg.jwtKeys, cfg.accessTtlS);
    api = await startApi(cfg, logger);
    const baseUrl = `http://127.0.0.1:${api.port}`;
    const headers = { authorization: `Bearer ${token}` };
    progress(
      `api       listening on ${baseUrl}, pool ${cfg.dbPool}, read cache ${cfg.readCacheS ? `${cfg.readCacheS} s` : 'off'}`,
    );
    // Warms the HTTP, auth and driver code paths on another route, so that the runs start hot.
    await runLoad({ baseUrl, paths: ['/api/v1/servers?limit=5'], connections: 10, durationS: 2, headers });

    const ranges = [
      { range: '24h' as const, from: new Date(end.getTime() - DAY_MS) },
      { range: '30d' as const, from: new Date(end.getTime() - opts.days * DAY_MS) },
    ];
    const scenarios: ApiScenario[] = [];
    for (const { range, from } of ranges) {
      for (const scope of ['server', 'fleet'] as const) {
        check();
        const paths = topPaths(scope, from, end, opts.servers);
        const name = `top ${range} ${scope === 'server' ? 'per server' : 'fleet-wide'}`;
        progress(
          `load      ${name}: ${opts.connections} connections, ${opts.durationS} s, ${paths.length} distinct requests`,
        );
        await untilApiIdle(db.url);
        const r = await runLoad({
          baseUrl,
          paths,
          connections: opts.connections,
          durationS: opts.durationS,
          headers,
        });
        scenarios.push({ name, range, scope, distinctRequests: paths.length, ...r });
        progress(
          `load      ${name}: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${fmtInt(r.rps)} req/s, ${fmtInt(r.requests)} requests` +
            (r.errors + r.non2xx > 0 ? `, ${r.errors} errors, ${r.non2xx} non-2xx` : ''),
        );
      }
    }
    const failed = scenarios.filter((s) => s.errors + s.non2xx > 0);
    if (failed.length > 0) {
      progress(
        `warning   failed answers in ${failed.map((s) => s.name).join(', ')}: their latencies include them`,
      );
    }
    const p99 = (range: string) =>
      Math.max(...scenarios.filter((s) => s.range === range).map((s) => s.p99Ms));
    const requests = scenarios.reduce((n, s) => n + s.requests, 0);
    const seconds = scenarios.reduce((n, s) => n + s.durationS, 0);
    return {
      result: {
        top_queries_24h_p99_ms: p99('24h'),
        top_queries_30d_p99_ms: p99('30d'),
        rps: Math.round(requests / seconds),
      },
      dataset,
      scenarios,
      cacheS: cfg.readCacheS,
      database: db.name,
    };
  } finally {
    await api?.stop().catch((err: unknown) => logger.warn({ err }, 'api bench: stopping the API failed'));
    if (db && !opts.keep)
      await db.drop().catch((err: unknown) => logger.warn({ err }, 'api bench: drop failed'));
    else if (db) progress(`kept      database ${db.name}`);
  }
}
