import { InvalidArgumentError, type Command } from 'commander';
import {
  GENERATE_DEFAULTS,
  MAX_TOP_STATEMENTS,
  runSimulation,
  SIM_FAMILIES,
  type SimFamily,
} from '../../simulate/index.ts';

// `pga simulate`: parses and checks the options, then hands over to services/simulate.

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    }
    return n;
  };

const seconds = (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 86_400) {
    throw new InvalidArgumentError('expected a number of seconds greater than 0 (at most 86400)');
  }
  return n;
};

const positiveSeconds = (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('expected a positive number of seconds');
  return n;
};

const probability = (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
};

const families = (value: string): SimFamily[] => {
  const list = value
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const unknown = list.filter((f) => !(SIM_FAMILIES as readonly string[]).includes(f));
  if (list.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(
      `unknown family ${unknown.map((f) => JSON.stringify(f)).join(', ') || '(none given)'}; expected some of ${SIM_FAMILIES.join(',')}`,
    );
  }
  return list as SimFamily[];
};

const topicPrefix = (value: string) => {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/.test(value))
    throw new InvalidArgumentError('expected letters, digits, _ or -');
  return value;
};

interface CliOptions {
  servers: number;
  statements: number;
  interval: number;
  intervals?: number;
  duration?: number;
  backfill?: number;
  wait: boolean;
  families?: SimFamily[];
  seed: number;
  serverPrefix: string;
  tables: number;
  topStatements: number;
  querytextRefresh: number;
  resetProbability: number;
  evictionProbability: number;
  topicPrefix?: string;
  dryRun?: boolean;
  json?: boolean;
}

const HELP = `
Modes:
  live (default)   one interval of every server per --interval seconds of wall-clock time, until
                   --intervals or --duration is reached or Ctrl-C; progress after each interval.
  backfill         --backfill K (or --no-wait with --intervals/--duration): K intervals as fast as possible,
                   collected_at spaced --interval apart and ending now. Reports rows/s produced.

Each message is one batch (one family, one server, one instant), keyed by server id, Avro single-object
encoded with schemas/<stream>.avsc, zstd-compressed by an idempotent producer. The topics must exist
(\`pga up\` creates them). The same --seed (and start time) gives the same data.

Examples:
  pga simulate --servers 5 --statements 300 --interval 10 --duration 120
  pga simulate --servers 50 --statements 500 --interval 60 --backfill 100     # 2.5M statement rows
  pga simulate --servers 2 --backfill 3 --families statements,querytexts --dry-run --json

Environment:
  PGA_KAFKA_BROKERS / PGA_KAFKA_PORT   where Kafka listens (default 127.0.0.1:9092)
  PGA_TOPIC_PREFIX                      topic name prefix (default pga; --topic-prefix overrides)
  PGA_LOG_LEVEL                         JSON log level on stdout (default warn)`;

export function register(program: Command): void {
  program
    .command('simulate')
    .description('produce realistic agent batches for a simulated fleet of PostgreSQL servers to Kafka')
    .option(
      '--servers <n>',
      'simulated servers (ids <server-prefix>-1 … -n; every third one is a hot standby)',
      int(1, 100_000),
      GENERATE_DEFAULTS.servers,
    )
    .option(
      '--statements <m>',
      'pg_stat_statements entries per server (Zipf popularity)',
      int(1, 50_000),
      GENERATE_DEFAULTS.statements,
    )
    .option(
      '--interval <s>',
      'seconds between two samples of a server',
      seconds,
      GENERATE_DEFAULTS.intervalSeconds,
    )
    .option('--intervals <k>', 'stop after k intervals', int(1))
    .option(
      '--duration <s>',
      'stop after this many seconds of (simulated) time; the same as --intervals ceil(s/interval)',
      positiveSeconds,
    )
    .option(
      '--backfill <k>',
      'produce k intervals as fast as possible, ending now (same as --intervals k --no-wait)',
      int(1),
    )
    .option('--no-wait', 'do not wait between intervals: a backfill of --intervals/--duration')
    .option(
      '--families <list>',
      `comma-separated families to emit (default all: ${SIM_FAMILIES.join(',')})`,
      families,
    )
    .option(
      '--seed <n>',
      'random seed: the same seed gives the same fleet and values',
      int(0, 0xffffffff),
      GENERATE_DEFAULTS.seed,
    )
    .option('--server-prefix <p>', 'prefix of the server ids', GENERATE_DEFAULTS.serverPrefix)
    .option(
      '--tables <n>',
      'user tables per server (1–4 indexes each)',
      int(1, 2000),
      GENERATE_DEFAULTS.tablesPerServer,
    )
    .option(
      '--top-statements <n>',
      "the agent's top-N cap: statement rows per batch, by total time",
      int(1, MAX_TOP_STATEMENTS),
      GENERATE_DEFAULTS.topStatements,
    )
    .option(
      '--querytext-refresh <k>',
      'also re-send every known query text every k intervals (0: only when first seen)',
      int(0),
      GENERATE_DEFAULTS.querytextRefreshIntervals,
    )
    .option(
      '--reset-probability <p>',
      'chance per server and interval of pg_stat_statements_reset() (rows marked reset)',
      probability,
      GENERATE_DEFAULTS.resetProbability,
    )
    .option(
      '--eviction-probability <p>',
      'chance per server and interval that new statements evict old ones (dealloc)',
      probability,
      GENERATE_DEFAULTS.evictionProbability,
    )
    .option('--topic-prefix <p>', 'topic name prefix (default: PGA_TOPIC_PREFIX, else pga)', topicPrefix)
    .option('--dry-run', 'generate and encode, but produce nothing (no Kafka needed)')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', HELP)
    .action(async (o: CliOptions) => {
      if (o.backfill !== undefined && (o.intervals !== undefined || o.duration !== undefined)) {
        throw new InvalidArgumentError(
          '--backfill: give the number of intervals with --backfill alone, not with --intervals or --duration',
        );
      }
      const backfill = o.backfill !== undefined || !o.wait;
      if (backfill && o.backfill === undefined && o.intervals === undefined && o.duration === undefined) {
        throw new InvalidArgumentError(
          '--no-wait: say how many intervals with --intervals or --duration (or use --backfill K)',
        );
      }
      await runSimulation({
        servers: o.servers,
        statements: o.statements,
        intervalSeconds: o.interval,
        intervals: o.backfill ?? o.intervals,
        durationSeconds: o.duration,
        live: !backfill,
        families: o.families,
        seed: o.seed,
        serverPrefix: o.serverPrefix,
        tablesPerServer: o.tables,
        topStatements: o.topStatements,
        querytextRefreshIntervals: o.querytextRefresh,
        resetProbability: o.resetProbability,
        evictionProbability: o.evictionProbability,
        topicPrefix: o.topicPrefix,
        dryRun: o.dryRun,
        json: o.json,
      });
    });
}
