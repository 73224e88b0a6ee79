import { errorMessage, ErrorCodes, PgaError } from '../../errors.ts';
import { inTransaction, type SqlExecutor } from '../executor.ts';
import {
  bootstrapMetaTables,
  metaTablesExist,
  readApplied,
  readMeta,
  recordApplied,
  writeMeta,
} from './meta.ts';
import { planMigrations, type Migration, type PlannedMigration } from './migration-files.ts';
import {
  isStorageMode,
  resolveStorageMode,
  type StorageMode,
  type StorageModeChoice,
} from './storage-mode.ts';

// Applies the pending migrations in order, each in its own transaction together with its pga_migrations
// row, so a migration is either wholly applied and recorded or not at all. An applied migration whose
// files changed since is refused: migrations are immutable, a change goes in a new migration.
//
// Why a small runner of our own rather than a library: the well-made ones (postgres-migrations, graphile-
// migrate, node-pg-migrate) take a node-postgres client or a URL, so they cannot drive PGlite, which is the
// only TimescaleDB available to the tests; none of them picks per-file variants by a mode recorded in the
// database; and the whole job (ordering, checksums, one transaction per file, an advisory lock) is a page.
//
// The caller holds the schema lock (advisory-lock.ts) so that concurrent runs are serialised.

export interface ApplyOptions {
  migrations: Migration[];
  mode: StorageModeChoice;
  /** Report what would be applied, changing nothing. */
  dryRun?: boolean;
  /** Called after each migration is committed (or, in a dry run, for each pending one). */
  onMigration?: (m: MigrationOutcome) => void;
}

export interface MigrationOutcome {
  key: string;
  files: string[];
  durationMs: number;
}

export interface ApplyResult {
  mode: StorageMode;
  modeReason: string;
  /** Migrations applied by this run (in a dry run: the ones that would be). */
  applied: MigrationOutcome[];
  /** Migrations that were already applied before this run. */
  alreadyApplied: number;
  dryRun: boolean;
}

const STORAGE_MODE_KEY = 'storage_mode';

function failure(message: string, cause?: unknown): PgaError {
  return new PgaError(ErrorCodes.MIGRATION_FAILED, message, cause === undefined ? {} : { cause });
}

async function recordedMode(db: SqlExecutor): Promise<StorageMode | undefined> {
  const value = await readMeta(db, STORAGE_MODE_KEY);
  if (value === undefined) return undefined;
  if (!isStorageMode(value))
    throw failure(`pga_meta.storage_mode holds ${JSON.stringify(value)}, expected timescale or plain`);
  return value;
}

/** Checks the applied migrations against the files and returns the ones still to apply. */
function pendingMigrations(
  plan: PlannedMigration[],
  applied: Array<{ id: number; key: string; checksum: string }>,
): PlannedMigration[] {
  const byId = new Map(plan.map((p) => [p.id, p]));
  for (const a of applied) {
    const p = byId.get(a.id);
    if (!p || p.key !== a.key) {
      throw failure(
        `the database has migration ${a.key}, which this version of pgAnalytics does not have ` +
          `(its migrations end at ${plan.at(-1)?.key ?? 'none'}): run a newer version.`,
      );
    }
    if (p.checksum !== a.checksum) {
      throw failure(
        `migration ${a.key} was changed after it was applied (files ${p.files.join(', ')}; checksum ` +
          `${a.checksum.slice(0, 12)} applied, ${p.checksum.slice(0, 12)} now). Applied migrations are immutable: ` +
          'restore the file and put the change in a new migration.',
      );
    }
  }
  const done = new Set(applied.map((a) => a.id));
  return plan.filter((p) => !done.has(p.id));
}

export async function applyMigrations(db: SqlExecutor, opts: ApplyOptions): Promise<ApplyResult> {
  const dryRun = opts.dryRun ?? false;
  const exists = await metaTablesExist(db);
  if (!exists && !dryRun) await bootstrapMetaTables(db);
  const recorded = exists ? await recordedMode(db) : undefined;
  const applied = exists ? await readApplied(db) : [];
  if (recorded === undefined && applied.length > 0) {
    throw failure(
      'pga_migrations lists applied migrations but pga_meta has no storage_mode: the database was altered by hand.',
    );
  }
  const { mode, reason } = await resolveStorageMode(db, opts.mode, recorded, dryRun);
  const pending = pendingMigrations(planMigrations(opts.migrations, mode), applied);

  const outcomes: MigrationOutcome[] = [];
  for (const m of pending) {
    const started = Date.now();
    if (!dryRun) {
      try {
        await inTransaction(db, async () => {
          if (m.sql.trim() !== '') await db.exec(m.sql);
          await recordApplied(db, m);
          if (recorded === undefined && outcomes.length === 0) await writeMeta(db, STORAGE_MODE_KEY, mode);
        });
      } catch (err) {
        throw failure(
          `migration ${m.key} (${m.files.join(', ') || 'no files'}) failed and was rolled back: ${errorMessage(err)}`,
          err,
        );
      }
    }
    const outcome = { key: m.key, files: m.files, durationMs: Date.now() - started };
    outcomes.push(outcome);
    opts.onMigration?.(outcome);
  }
  return { mode, modeReason: reason, applied: outcomes, alreadyApplied: applied.length, dryRun };
}
