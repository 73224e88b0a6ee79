import { METRIC_FAMILIES } from '../lib/kafka/topics.ts';
import { UsageError } from './usage-error.ts';

// What a simulation produces. The same options drive the pure generator, the Kafka producer and the CLI;
// they are validated here once, and a bad value names the option that carries it.

/** Every metric family of DESIGN.md, plus the logs. */
export const SIM_FAMILIES = [...METRIC_FAMILIES, 'logs'] as const;
export type SimFamily = (typeof SIM_FAMILIES)[number];

/** The stream (schema name, topic without its prefix) that carries a family. */
export function streamOfFamily(family: SimFamily): string {
  return family === 'logs' ? 'logs.v1' : `metrics.${family}.v1`;
}

export interface GenerateOptions {
  /** Number of simulated servers. */
  servers: number;
  /** pg_stat_statements entries tracked per server. */
  statements: number;
  /** Seconds between two samples of a server. */
  intervalSeconds: number;
  /** Intervals to generate; the generator is endless when undefined. */
  intervals?: number;
  /** Families to emit (all by default). */
  families?: readonly SimFamily[];
  seed?: number;
  /** Server ids are `<serverPrefix>-<n>`, n from 1. */
  serverPrefix?: string;
  /** collected_at of the first interval, in epoch milliseconds (default: so that the last one is now). */
  startTimeMs?: number;
  /** User tables per server (each with 1–4 indexes). */
  tablesPerServer?: number;
  /** Re-send the text of every tracked queryid every N intervals; 0 sends a text only when first seen. */
  querytextRefreshIntervals?: number;
  /** The agent's top-N cap: statement rows per batch, ranked by total execution time. */
  topStatements?: number;
  /** Chance per server and interval of pg_stat_statements_reset() (and, one time in two, pg_stat_reset()). */
  resetProbability?: number;
  /** Chance per server and interval that new statements evict old ones (pg_stat_statements dealloc). */
  evictionProbability?: number;
}

export type ResolvedGenerateOptions = Required<Omit<GenerateOptions, 'intervals'>> & {
  intervals: number | undefined;
};

export const GENERATE_DEFAULTS = {
  servers: 3,
  statements: 200,
  intervalSeconds: 60,
  seed: 1,
  serverPrefix: 'sim',
  tablesPerServer: 25,
  querytextRefreshIntervals: 0,
  topStatements: 2000,
  resetProbability: 0.002,
  evictionProbability: 0.02,
} as const;

/** Above this many statement rows a batch nears Kafka's default 1 MB message size. */
export const MAX_TOP_STATEMENTS = 5000;

function checkInt(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(name, `expected an integer between ${min} and ${max}, got ${String(value)}`);
  }
}

function checkProbability(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(name, `expected a probability between 0 and 1, got ${String(value)}`);
  }
}

export function resolveGenerateOptions(opts: GenerateOptions): ResolvedGenerateOptions {
  checkInt('servers', opts.servers, 1, 100_000);
  checkInt('statements', opts.statements, 1, 50_000);
  if (!Number.isFinite(opts.intervalSeconds) || opts.intervalSeconds <= 0 || opts.intervalSeconds > 86_400) {
    throw new UsageError('interval', `expected seconds in (0, 86400], got ${String(opts.intervalSeconds)}`);
  }
  if (opts.intervals !== undefined) checkInt('intervals', opts.intervals, 1);
  const seed = opts.seed ?? GENERATE_DEFAULTS.seed;
  checkInt('seed', seed, 0, 0xffffffff);
  const serverPrefix = opts.serverPrefix ?? GENERATE_DEFAULTS.serverPrefix;
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,60}$/.test(serverPrefix)) {
    throw new UsageError(
      'server-prefix',
      `expected letters, digits, _ . or -, got ${JSON.stringify(serverPrefix)}`,
    );
  }
  const families = opts.families ?? SIM_FAMILIES;
  if (families.length === 0) throw new UsageError('families', 'expected at least one family');
  for (const f of families) {
    if (!(SIM_FAMILIES as readonly string[]).includes(f)) {
      throw new UsageError(
        'families',
        `unknown family ${JSON.stringify(f)}; expected ${SIM_FAMILIES.join(', ')}`,
      );
    }
  }
  const tablesPerServer = opts.tablesPerServer ?? GENERATE_DEFAULTS.tablesPerServer;
  checkInt('tables', tablesPerServer, 1, 10_000);
  const refresh = opts.querytextRefreshIntervals ?? GENERATE_DEFAULTS.querytextRefreshIntervals;
  checkInt('querytext-refresh', refresh, 0);
  const topStatements = opts.topStatements ?? GENERATE_DEFAULTS.topStatements;
  checkInt('top-statements', topStatements, 1, MAX_TOP_STATEMENTS);
  const resetProbability = opts.resetProbability ?? GENERATE_DEFAULTS.resetProbability;
  checkProbability('reset-probability', resetProbability);
  const evictionProbability = opts.evictionProbability ?? GENERATE_DEFAULTS.evictionProbability;
  checkProbability('eviction-probability', evictionProbability);
  const intervalMs = Math.round(opts.intervalSeconds * 1000);
  const startTimeMs = opts.startTimeMs ?? Date.now() - ((opts.intervals ?? 1) - 1) * intervalMs;
  if (!Number.isFinite(startTimeMs) || startTimeMs < 0) {
    throw new UsageError('start-time', `expected epoch milliseconds, got ${String(startTimeMs)}`);
  }
  return {
    servers: opts.servers,
    statements: opts.statements,
    intervalSeconds: opts.intervalSeconds,
    intervals: opts.intervals,
    families: [...new Set(families)],
    seed,
    serverPrefix,
    startTimeMs,
    tablesPerServer,
    querytextRefreshIntervals: refresh,
    topStatements,
    resetProbability,
    evictionProbability,
  };
}
