import type { Command } from 'commander';
import { createLogger } from '../../lib/log/logger.ts';
import { withDatabase } from '../../migrate/connect.ts';
import { loadMigrateConfig } from '../../migrate/config.ts';
import { maintain } from '../../migrate/maintain.ts';
import { startMaintainLoop, summarizeRound } from '../../migrate/maintain-loop.ts';

const ENV_HELP = `
Environment:
  PGA_DATABASE_URL            database to maintain (default: the local stack's)
  PGA_MAINTAIN_INTERVAL_S     seconds between rounds (default 300)
  PGA_MAINTAIN_REFRESH_HOURS  hours of rollups recomputed by each round (default 3)
  PGA_PARTITIONS_AHEAD_DAYS   plain mode: days of partitions kept ahead (default 3)
Retention is the one stored by \`pga migrate\` (PGA_RETENTION_*_DAYS).`;

export function register(program: Command): void {
  program
    .command('maintain')
    .description(
      'keep the storage in shape: in plain PostgreSQL mode create partitions ahead, drop the ones past retention ' +
        'and refresh the rollups; in TimescaleDB mode refresh the recent rollups; in both prune the ingest ledger',
    )
    .option('--once', 'run one round and exit')
    .option('--interval <s>', 'seconds between rounds (overrides PGA_MAINTAIN_INTERVAL_S)')
    .option(
      '--refresh-hours <h>',
      'hours of rollups recomputed by each round (overrides PGA_MAINTAIN_REFRESH_HOURS)',
    )
    .addHelpText('after', ENV_HELP)
    .action(async (opts: { once?: boolean; interval?: string; refreshHours?: string }) => {
      const env = { ...process.env };
      if (opts.interval !== undefined) env.PGA_MAINTAIN_INTERVAL_S = opts.interval;
      if (opts.refreshHours !== undefined) env.PGA_MAINTAIN_REFRESH_HOURS = opts.refreshHours;
      const cfg = loadMigrateConfig(env);
      const roundOpts = { partitionsAheadDays: cfg.partitionsAheadDays, refreshHours: cfg.refreshHours };
      if (opts.once) {
        const result = await withDatabase(cfg.databaseUrl, (db) => maintain(db, roundOpts));
        const s = summarizeRound(result);
        console.log(`storage mode: ${result.mode}`);
        console.log(
          `partitions created: ${String(s.partitionsCreated)}, dropped: ${result.partitionsDropped.length}`,
        );
        for (const p of result.partitionsDropped) console.log(`  dropped ${p}`);
        console.log(`ingest ledger entries pruned: ${result.ledgerEntriesPruned}`);
        console.log(`rollups refreshed from ${String(s.refreshedFrom)}`);
        return;
      }
      const logger = createLogger('maintain', cfg.logLevel);
      const loop = startMaintainLoop(
        cfg.databaseUrl,
        { ...roundOpts, intervalS: cfg.maintainIntervalS },
        logger,
      );
      const stop = (signal: string) => {
        logger.info({ signal }, 'signal received, stopping after the current round');
        void loop.stop();
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
      await loop.done;
    });
}
