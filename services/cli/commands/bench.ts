import { InvalidArgumentError, type Command } from 'commander';
import {
  AGENT_BENCH_DEFAULTS,
  API_BENCH_DEFAULTS,
  formatApiReport,
  formatIngestResult,
  INGEST_BENCH_DEFAULTS,
  runAgentBench,
  runApiBench,
  runIngestBench,
} from '../../bench/index.ts';

// `pga bench <what>`: each bench is a subcommand; progress goes to stderr, the result to stdout.

const int = (min: number) => (value: string) => {
  const n = Number(value.replace(/_/g, ''));
  if (!/^[\d_]+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new InvalidArgumentError(`expected an integer of at least ${min}`);
  }
  return n;
};

interface IngestCliOptions {
  rows: number;
  json?: boolean;
  keep?: boolean;
  liveSeconds: number;
  liveServers: number;
  partitions: number;
}

const INGEST_HELP = `
Pre-produces the statement rows to a fresh topic prefix, starts the ingest in-process and times it until
every row is committed in a fresh database (plain mode), runs a short live phase for the p99 visibility,
then loads exactly the same rows with \`psql \\copy\` into an identical empty table: the physical limit.
Needs the local stack (\`pga up\`) and psql (postgresql-client). PGA_INGEST_* variables tune the ingest.
The pipeline time includes the ingest's start (consumer group join, ~0.5 s): a small --rows mostly
measures that, so compare ratios at the default size.

Output (--json): {"rows", "pipeline_rows_per_s", "raw_copy_rows_per_s", "ratio", "p99_batch_visible_ms"}`;

const API_HELP = `
Loads --rows statement rows (200 servers, 30 days, texts with fingerprints, rollups refreshed) into a fresh
database (plain mode) with SQL generate_series, starts the API in-process on it, then drives
GET /api/v1/queries/top with autocannon for the last 24 h and the last 30 days, per server (every server and
sort in turn) and fleet-wide (every sort). Needs the local stack (\`pga up\`). PGA_API_* variables configure
the API under test (PGA_API_DB_POOL, PGA_API_READ_CACHE_S…).

Output (--json): {"top_queries_24h_p99_ms", "top_queries_30d_p99_ms", "rps"}`;

const AGENT_HELP = `
Creates a database with --tables tables and --statements distinct statements on the stack's PostgreSQL
(pg_stat_statements is reset first), a login role with pg_monitor only and a fresh topic prefix, runs every
statement once per interval, and runs the native agent (collector-native/build/pga-agent: \`make collector\`)
with every plugin at --interval for --duration. Samples /proc of the agent every second. Needs the local stack
(\`pga up\`).

Output (--json): {"rss_mb" (peak, VmHWM), "cpu_pct" (user + system time over the run, % of one core),
"bytes_per_interval" (Avro batches of every family), "statements" (rows of the largest statements sample)}`;

interface AgentCliOptions {
  statements: number;
  tables: number;
  interval: number;
  duration: number;
  json?: boolean;
  keep?: boolean;
}

interface ApiCliOptions {
  rows: number;
  servers: number;
  days: number;
  duration: number;
  connections: number;
  cacheS?: number;
  json?: boolean;
  keep?: boolean;
}

/**
 * Runs a bench with Ctrl-C/SIGTERM wired to an AbortSignal: the first interrupt cleans up, a second one leaves
 * everything behind. Exit code 130 when interrupted.
 */
async function interruptible(
  keep: boolean | undefined,
  run: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(
      'bench: interrupted, cleaning up after the current step (Ctrl-C again to leave it)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await run(controller.signal);
  } catch (err) {
    if (!controller.signal.aborted) throw err;
    process.stderr.write(`bench: interrupted; ${keep ? 'kept' : 'removed'} what it had created\n`);
    process.exitCode = 130;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

export function register(program: Command): void {
  const bench = program
    .command('bench')
    .description('measure pgAnalytics on this machine against its physical limits (ingest, api, agent)');
  bench
    .command('ingest')
    .description('Kafka → PostgreSQL ingest throughput compared with a raw `psql \\copy` of the same rows')
    .option('--rows <n>', 'statement rows to push through (at least)', int(1000), INGEST_BENCH_DEFAULTS.rows)
    .option('--json', 'print the result as one JSON line')
    .option('--keep', 'keep the databases, topics and COPY file (their names are printed)')
    .option(
      '--live-seconds <s>',
      'length of the live phase (0 skips it)',
      int(0),
      INGEST_BENCH_DEFAULTS.liveSeconds,
    )
    .option(
      '--live-servers <n>',
      'servers of the live fleet (~470 rows each per second)',
      int(1),
      INGEST_BENCH_DEFAULTS.liveServers,
    )
    .option(
      '--partitions <n>',
      'partitions of the statements topic',
      int(1),
      INGEST_BENCH_DEFAULTS.statementPartitions,
    )
    .addHelpText('after', INGEST_HELP)
    .action((o: IngestCliOptions) =>
      interruptible(o.keep, async (signal) => {
        const { result } = await runIngestBench({
          rows: o.rows,
          keep: o.keep,
          liveSeconds: o.liveSeconds,
          liveServers: o.liveServers,
          statementPartitions: o.partitions,
          signal,
        });
        if (o.json) console.log(JSON.stringify(result));
        else for (const line of formatIngestResult(result)) console.log(line);
      }),
    );
  bench
    .command('api')
    .description('top-queries read latency (p99) and throughput of the API over 10 million statement rows')
    .option('--rows <n>', 'statement rows to load', int(1000), API_BENCH_DEFAULTS.rows)
    .option('--servers <n>', 'servers of the fleet', int(1), API_BENCH_DEFAULTS.servers)
    .option('--days <n>', 'days of data (the 30 d runs read all of them)', int(2), API_BENCH_DEFAULTS.days)
    .option('--duration <s>', 'seconds of each of the four runs', int(1), API_BENCH_DEFAULTS.durationS)
    .option('--connections <n>', 'concurrent connections', int(1), API_BENCH_DEFAULTS.connections)
    .option('--cache-s <s>', 'PGA_API_READ_CACHE_S of the API under test (0: no read cache)', int(0))
    .option('--json', 'print the result as one JSON line')
    .option('--keep', 'keep the database (its name is printed)')
    .addHelpText('after', API_HELP)
    .action((o: ApiCliOptions) =>
      interruptible(o.keep, async (signal) => {
        const report = await runApiBench({
          rows: o.rows,
          servers: o.servers,
          days: o.days,
          intervalMin: API_BENCH_DEFAULTS.intervalMin,
          durationS: o.duration,
          connections: o.connections,
          cacheS: o.cacheS,
          keep: o.keep,
          signal,
        });
        if (o.json) console.log(JSON.stringify(report.result));
        else for (const line of formatApiReport(report)) console.log(line);
      }),
    );
  bench
    .command('agent')
    .description(
      'memory, CPU and output of the native agent on a database with 5,000 statements and 200 tables',
    )
    .option(
      '--statements <n>',
      'distinct statements in pg_stat_statements',
      int(1),
      AGENT_BENCH_DEFAULTS.statements,
    )
    .option('--tables <n>', 'tables of the monitored database', int(1), AGENT_BENCH_DEFAULTS.tables)
    .option('--interval <s>', 'interval of every plugin, in seconds', int(1), AGENT_BENCH_DEFAULTS.intervalS)
    .option('--duration <s>', 'how long the agent runs, in seconds', int(10), AGENT_BENCH_DEFAULTS.durationS)
    .option('--json', 'print the result as one JSON line')
    .option('--keep', 'keep the database, role and the agent state folder (names printed)')
    .addHelpText('after', AGENT_HELP)
    .action((o: AgentCliOptions) =>
      interruptible(o.keep, async (signal) => {
        const result = await runAgentBench({
          statements: o.statements,
          tables: o.tables,
          intervalS: o.interval,
          durationS: o.duration,
          keep: o.keep,
          signal,
        });
        if (o.json) console.log(JSON.stringify(result));
        else {
          console.log(`agent peak RSS      ${result.rss_mb} MB   (target ≤ 20)`);
          console.log(`agent CPU           ${result.cpu_pct} % of one core   (target ≤ 2)`);
          console.log(
            `bytes per interval  ${result.bytes_per_interval}   (Avro batches of every family, before compression)`,
          );
          console.log(`statements          ${result.statements}   (rows of the largest statements sample)`);
        }
      }),
    );
}
