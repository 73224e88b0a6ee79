import { errorMessage, ErrorCodes, PgaError } from '../../errors.ts';
import type { SqlExecutor } from '../executor.ts';

// The storage mode is chosen once, at the first migration, and recorded in pga_meta: the two modes build
// different objects under the same names, so a database never changes mode afterwards.
//   timescale  hypertables, compression, retention policies, continuous aggregates
//   plain      range partitions created ahead and dropped for retention, rollups refreshed by `pga maintain`
// `auto` picks timescale when the timescaledb extension is available and can be created in this database
// (on a real server it must also be in shared_preload_libraries), plain otherwise, and says why.

export const STORAGE_MODES = ['timescale', 'plain'] as const;
export type StorageMode = (typeof STORAGE_MODES)[number];
export type StorageModeChoice = StorageMode | 'auto';

export interface ResolvedMode {
  mode: StorageMode;
  reason: string;
}

function refuse(message: string): PgaError {
  return new PgaError(ErrorCodes.MIGRATION_FAILED, message);
}

async function timescaleAvailable(db: SqlExecutor): Promise<boolean> {
  const res = await db.query<{ available: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS available",
  );
  return res.rows[0]?.available === true;
}

/**
 * Creates the extension (it stays: the first TimescaleDB migration creates it anyway) and returns the error
 * message if that failed. Not a rolled-back probe: TimescaleDB's loader stays loaded in the session after a
 * rollback and then refuses the real CREATE EXTENSION ("already been loaded with another version").
 */
async function createTimescale(db: SqlExecutor): Promise<string | undefined> {
  try {
    await db.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
    return undefined;
  } catch (err) {
    return errorMessage(err);
  }
}

/** The mode to migrate in, given what was asked for and what the database recorded (if anything). */
export async function resolveStorageMode(
  db: SqlExecutor,
  requested: StorageModeChoice,
  recorded: StorageMode | undefined,
  dryRun = false,
): Promise<ResolvedMode> {
  if (recorded !== undefined) {
    if (requested !== 'auto' && requested !== recorded) {
      throw refuse(
        `this database was migrated in ${recorded} mode and cannot switch to ${requested}: the mode is chosen at ` +
          `the first migration. Use PGA_STORAGE_MODE=auto or ${recorded}, or migrate a new database.`,
      );
    }
    return { mode: recorded, reason: 'recorded at the first migration' };
  }
  if (requested === 'plain') return { mode: 'plain', reason: 'requested' };
  const available = await timescaleAvailable(db);
  if (requested === 'timescale') {
    if (!available) {
      throw refuse(
        'PGA_STORAGE_MODE=timescale but the timescaledb extension is not available on this server ' +
          '(not in pg_available_extensions); install it or use PGA_STORAGE_MODE=plain.',
      );
    }
    return { mode: 'timescale', reason: 'requested' };
  }
  if (!available) return { mode: 'plain', reason: 'auto: timescaledb is not available on this server' };
  if (dryRun) {
    return { mode: 'timescale', reason: 'auto: timescaledb is available (dry run: not created yet)' };
  }
  const failure = await createTimescale(db);
  if (failure !== undefined) {
    return { mode: 'plain', reason: `auto: timescaledb is available but cannot be created (${failure})` };
  }
  return { mode: 'timescale', reason: 'auto: timescaledb is available' };
}

export function isStorageMode(value: unknown): value is StorageMode {
  return typeof value === 'string' && (STORAGE_MODES as readonly string[]).includes(value);
}
