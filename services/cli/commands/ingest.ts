import type { Command } from 'commander';
import { loadIngestConfig } from '../../ingest/config.ts';
import { startIngest } from '../../ingest/main.ts';
import { createLogger } from '../../lib/log/logger.ts';

export function register(program: Command): void {
  program
    .command('ingest')
    .description(
      'Consume the metric and log topics and write every row to the database exactly once (COPY, offsets stored with the rows).\n' +
        'Configured by PGA_DATABASE_URL, PGA_KAFKA_BROKERS, PGA_TOPIC_PREFIX and PGA_INGEST_* (see README).',
    )
    .option('--group <id>', 'consumer group (overrides PGA_INGEST_GROUP)')
    .option(
      '--metrics-port <port>',
      'port of /health, /ready and /metrics (overrides PGA_INGEST_METRICS_PORT; 0 = any)',
    )
    .action(async (opts: { group?: string; metricsPort?: string }) => {
      const env = { ...process.env };
      if (opts.group) env.PGA_INGEST_GROUP = opts.group;
      if (opts.metricsPort) env.PGA_INGEST_METRICS_PORT = opts.metricsPort;
      const cfg = loadIngestConfig(env);
      const logger = createLogger('ingest', cfg.logLevel);
      const stopOnFatal: { stop?: () => Promise<void> } = {};
      const running = await startIngest(cfg, logger, () => {
        process.exitCode = 1;
        void stopOnFatal.stop?.();
      });
      stopOnFatal.stop = running.stop;
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info({ signal }, 'signal received');
          void running.stop().then(resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
