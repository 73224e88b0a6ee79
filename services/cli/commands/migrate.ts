import type { Command } from 'commander';
import { redactUrl } from '../../lib/log/logger.ts';
import { withDatabase } from '../../migrate/connect.ts';
import { loadMigrateConfig } from '../../migrate/config.ts';
import { migrate, type MigrateResult } from '../../migrate/migrate.ts';

const ENV_HELP = `
Environment:
  PGA_DATABASE_URL           database to migrate (default: the local stack's, postgres://pga@127.0.0.1:5433/pga)
  PGA_STORAGE_MODE           auto (default), timescale or plain; chosen at the first migration, then fixed
  PGA_RETENTION_RAW_DAYS     days of raw metrics to keep (default 14, at least 3)
  PGA_RETENTION_HOURLY_DAYS  days of 1-hour rollups to keep (default 90, at least 7)
  PGA_RETENTION_DAILY_DAYS   days of 1-day rollups to keep (default 730, at least 30)
  PGA_PARTITIONS_AHEAD_DAYS  plain mode: days of partitions created ahead (default 3)`;

function print(result: MigrateResult): void {
  console.log(`storage mode: ${result.mode} (${result.modeReason})`);
  const verb = result.dryRun ? 'would apply' : 'applied';
  for (const m of result.applied) {
    const files = m.files.length > 0 ? m.files.join(', ') : `no ${result.mode} files`;
    console.log(`${verb} ${m.key} (${files})${result.dryRun ? '' : ` in ${m.durationMs} ms`}`);
  }
  if (result.applied.length === 0) console.log(`up to date: ${result.alreadyApplied} migrations applied`);
  else
    console.log(
      `${result.applied.length} ${result.dryRun ? 'to apply' : 'applied'}, ${result.alreadyApplied} already applied`,
    );
  for (const change of result.retentionChanges) console.log(change);
  if (result.partitionsCreated.length > 0)
    console.log(`created ${result.partitionsCreated.length} partitions`);
}

export function register(program: Command): void {
  program
    .command('migrate')
    .description(
      'apply the database migrations (numbered SQL files in migrations/), choosing the storage mode at the first ' +
        'run, and apply the retention settings; safe to re-run and to run from several places at once',
    )
    .option('--mode <mode>', 'storage mode: auto, timescale or plain (overrides PGA_STORAGE_MODE)')
    .option('--dry-run', 'print the storage mode and the migrations that would be applied; change nothing')
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', ENV_HELP)
    .action(async (opts: { mode?: string; dryRun?: boolean; json?: boolean }) => {
      const env = { ...process.env };
      if (opts.mode !== undefined) env.PGA_STORAGE_MODE = opts.mode;
      const cfg = loadMigrateConfig(env);
      if (!opts.json) console.log(`database: ${redactUrl(cfg.databaseUrl)}`);
      const result = await withDatabase(cfg.databaseUrl, (db) =>
        migrate(db, {
          mode: cfg.mode,
          dryRun: opts.dryRun,
          retention: cfg.retention,
          partitionsAheadDays: cfg.partitionsAheadDays,
        }),
      );
      if (opts.json) console.log(JSON.stringify(result, null, 2));
      else print(result);
    });
}
