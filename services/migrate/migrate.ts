import type { SqlExecutor } from '../lib/db/executor.ts';
import { withSchemaLock } from '../lib/db/migrate/advisory-lock.ts';
import { loadMigrations, MIGRATIONS_DIR } from '../lib/db/migrate/migration-files.ts';
import { applyMigrations, type ApplyResult, type MigrationOutcome } from '../lib/db/migrate/runner.ts';
import type { StorageModeChoice } from '../lib/db/migrate/storage-mode.ts';
import { ensurePartitions } from '../lib/db/storage/partitions.ts';
import { DEFAULT_RETENTION, storeRetention, type RetentionDays } from '../lib/db/storage/retention.ts';

// `pga migrate`: applies the pending migrations, then brings the database's settings in line with the
// configuration (retention; in plain mode the partitions ahead), all under the schema lock.

export interface MigrateOptions {
  mode?: StorageModeChoice;
  dryRun?: boolean;
  retention?: RetentionDays;
  partitionsAheadDays?: number;
  migrationsDir?: string;
  onMigration?: (m: MigrationOutcome) => void;
}

export interface MigrateResult extends ApplyResult {
  /** Retention settings or TimescaleDB policies changed by this run. */
  retentionChanges: string[];
  /** Plain mode: partitions created by this run. */
  partitionsCreated: string[];
}

/** `db` must be a single session (pg Client/PoolClient or PGlite): the run holds an advisory lock. */
export async function migrate(db: SqlExecutor, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await loadMigrations(opts.migrationsDir ?? MIGRATIONS_DIR);
  return withSchemaLock(db, async () => {
    const result = await applyMigrations(db, {
      migrations,
      mode: opts.mode ?? 'auto',
      dryRun: opts.dryRun,
      onMigration: opts.onMigration,
    });
    if (result.dryRun) return { ...result, retentionChanges: [], partitionsCreated: [] };
    const retentionChanges = await storeRetention(db, result.mode, opts.retention ?? DEFAULT_RETENTION);
    const partitionsCreated =
      result.mode === 'plain' ? await ensurePartitions(db, opts.partitionsAheadDays ?? 3) : [];
    return { ...result, retentionChanges, partitionsCreated };
  });
}
