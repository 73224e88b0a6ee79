import type { IngestConfig } from '../ingest/config.ts';
import { startIngest, type IngestHandle } from '../ingest/main.ts';
import type { StackConfig } from '../lib/config/stack.ts';
import { createKafka } from '../lib/kafka/client.ts';
import { INGEST_STREAMS, topicName } from '../lib/kafka/topics.ts';
import type { Logger } from '../lib/log/logger.ts';
import type { MigrateConfig } from '../migrate/config.ts';
import { withDatabase } from '../migrate/connect.ts';
import { startMaintainLoop, type MaintainLoop } from '../migrate/maintain-loop.ts';
import { migrate } from '../migrate/migrate.ts';
import { isPortOpen } from '../stack/ports.ts';
import { runLive } from './live-run.ts';
import { createObserver, type Observer } from './observe.ts';
import type { DemoOptions } from './options.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import { psqlOnPath } from './psql-on-path.ts';
import { startDemoAgent, type DemoAgent } from './real-agent.ts';
import { whereToLook } from './where-to-look.ts';

// Everything the demo runs once the stack is up: migrations, ingest and the maintenance loop in this
// process, then the live run. What started is recorded in `running` as it starts, so the caller stops
// exactly that, in order, whatever fails or whenever the user interrupts (checked between the steps).

export interface Running {
  ingest?: IngestHandle;
  agent?: DemoAgent;
  maintenance?: MaintainLoop;
  observer?: Observer;
  reporter?: ProgressReporter;
}

export interface PipelineContext {
  opts: DemoOptions;
  stack: StackConfig;
  migrateCfg: MigrateConfig;
  ingestCfg: IngestConfig;
  log: Logger;
  signal: AbortSignal;
  write: (line: string) => void;
  running: Running;
}

export async function runPipeline(ctx: PipelineContext): Promise<void> {
  const { opts, stack, migrateCfg, log, signal, write, running } = ctx;
  if (signal.aborted) return;
  const m = await withDatabase(stack.databaseUrl, (db) =>
    migrate(db, {
      mode: migrateCfg.mode,
      retention: migrateCfg.retention,
      partitionsAheadDays: migrateCfg.partitionsAheadDays,
    }),
  );
  const applied = m.applied.length > 0 ? `${m.applied.length} migrations applied` : 'schema up to date';
  write(`database: ${applied}, storage mode ${m.mode} (${m.modeReason})`);
  if (signal.aborted) return;

  let ingestCfg = ctx.ingestCfg;
  if (ingestCfg.metricsPort > 0 && (await isPortOpen(ingestCfg.metricsPort))) {
    write(
      `ingest: port ${ingestCfg.metricsPort} (PGA_INGEST_METRICS_PORT) is taken; serving /metrics on a free port`,
    );
    ingestCfg = { ...ingestCfg, metricsPort: 0 };
  }
  const ingest = (running.ingest = await startIngest(ingestCfg, log.child({ component: 'ingest' })));
  running.maintenance = startMaintainLoop(
    stack.databaseUrl,
    {
      partitionsAheadDays: migrateCfg.partitionsAheadDays,
      refreshHours: migrateCfg.refreshHours,
      intervalS: opts.maintainSeconds,
    },
    log.child({ component: 'maintain' }),
  );
  const simLog = log.child({ component: 'simulate' });
  const kafka = createKafka({
    brokers: stack.kafkaBrokers,
    clientId: 'pga-demo',
    logger: simLog,
    retries: 3,
  });
  const observer = (running.observer = await createObserver({
    databaseUrl: stack.databaseUrl,
    admin: kafka.admin(),
    topics: INGEST_STREAMS.map((s) => topicName(stack.topicPrefix, s)),
    group: ingestCfg.group,
  }));
  if (signal.aborted) return;

  const look = whereToLook({
    databaseUrl: stack.databaseUrl,
    externalDatabase: stack.externalDatabase,
    psqlFound: psqlOnPath(),
    storageMode: m.mode,
    opsPort: ingest.opsPort,
    brokers: stack.kafkaBrokers,
    topicPrefix: stack.topicPrefix,
    ingestGroup: ingestCfg.group,
  });
  for (const line of ['', ...look, '']) write(line);
  if (opts.agent) {
    running.agent = await startDemoAgent({
      stack,
      topicPrefix: stack.topicPrefix,
      intervalSeconds: opts.intervalSeconds,
      write,
      log: log.child({ component: 'agent' }),
    });
  }
  if (signal.aborted) return;
  const until =
    opts.durationSeconds === undefined ? 'until Ctrl-C' : `for ${opts.durationSeconds} s (or until Ctrl-C)`;
  write(
    `running ${until}; progress every ${opts.progressSeconds} s, ` +
      `maintenance (partitions, rollups) every ${opts.maintainSeconds} s`,
  );
  await runLive({
    opts,
    kafka,
    topicPrefix: stack.topicPrefix,
    ingest,
    observer,
    logger: simLog,
    signal,
    write,
    onReporter: (r) => (running.reporter = r),
  });
}
