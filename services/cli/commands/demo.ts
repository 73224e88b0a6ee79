import type { Command } from 'commander';
import { DEMO_DEFAULTS, integerIn, runDemo, secondsUpTo } from '../../demo/index.ts';

// `pga demo` (what `make demo` runs): parses the options and hands over to services/demo.

const HELP = `
What it does:
  1. pga up        starts Kafka and PostgreSQL when they are not running, creates the topics
  2. pga migrate   storage mode auto: TimescaleDB when available, plain PostgreSQL otherwise
  3. ingest        in this process: Kafka → database, exactly once; /metrics on PGA_INGEST_METRICS_PORT
  4. maintenance   in this process: partitions ahead, retention, rollups (every 30 s here)
  5. agent         the native agent (collector-native/build/pga-agent, built by \`make collector\`) samples
                   the stack's PostgreSQL as a pg_monitor-only role while pgbench runs in pga_demo_workload;
                   its state, configuration and log are in <PGA_HOME>/demo-agent (--no-agent leaves it out)
  6. simulate      a live fleet producing agent batches of every family to Kafka
Then every 5 s: what was produced, rows per table in the database, ingest lag.
Ctrl-C (or SIGTERM, or --duration) stops, in order: simulation, agent (flushed) and pgbench, ingest
(drained), maintenance, and the stack parts this run started (Kafka or PostgreSQL already running before
the demo are left running).

Examples:
  pga demo
  pga demo --servers 20 --statements 500 --interval 5
  pga demo --duration 60 --keep-stack

Environment: the variables of pga up, pga migrate and pga ingest (PGA_HOME, PGA_DATABASE_URL,
PGA_TOPIC_PREFIX, PGA_STORAGE_MODE, PGA_INGEST_*, …; see README); PGA_LOG_LEVEL=info shows the services' logs.`;

interface CliOptions {
  servers: number;
  statements: number;
  interval: number;
  duration?: number;
  keepStack?: boolean;
  agent: boolean;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'run the whole pipeline on a small simulated fleet and show the data arriving (stack, migrations, ingest, ' +
        'maintenance, the native agent under pgbench, live simulation); Ctrl-C stops everything it started',
    )
    .option('--servers <n>', 'simulated servers', integerIn(1, 1000), DEMO_DEFAULTS.servers)
    .option(
      '--statements <m>',
      'pg_stat_statements entries per server',
      integerIn(1, 5000),
      DEMO_DEFAULTS.statements,
    )
    .option(
      '--interval <s>',
      'seconds between two samples of a server',
      secondsUpTo(3600),
      DEMO_DEFAULTS.intervalSeconds,
    )
    .option(
      '--duration <s>',
      'stop by itself after this many seconds of live data (default: until Ctrl-C)',
      secondsUpTo(7 * 86_400),
    )
    .option('--no-agent', 'leave the native agent and its pgbench workload out (simulated fleet only)')
    .option('--keep-stack', 'leave Kafka and PostgreSQL running on exit, even when the demo started them')
    .addHelpText('after', HELP)
    .action(async (o: CliOptions) => {
      await runDemo({
        servers: o.servers,
        statements: o.statements,
        intervalSeconds: o.interval,
        durationSeconds: o.duration,
        keepStack: o.keepStack ?? false,
        progressSeconds: DEMO_DEFAULTS.progressSeconds,
        maintainSeconds: DEMO_DEFAULTS.maintainSeconds,
        agent: o.agent,
      });
    });
}
