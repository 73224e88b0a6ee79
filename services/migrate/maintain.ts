import { ErrorCodes, PgaError } from '../lib/errors.ts';
import type { SqlExecutor } from '../lib/db/executor.ts';
import { withSchemaLock } from '../lib/db/migrate/advisory-lock.ts';
import { metaTablesExist, readMeta, writeMeta } from '../lib/db/migrate/meta.ts';
import { isStorageMode, type StorageMode } from '../lib/db/migrate/storage-mode.ts';
import { ensurePartitions } from '../lib/db/storage/partitions.ts';
import { enforceRetention, pruneIngestLedger } from '../lib/db/storage/retention.ts';
import { refreshRollups, type RefreshedRollup } from '../lib/db/storage/rollups.ts';

// One round of `pga maintain`, under the schema lock:
//   plain      create partitions ahead, drop the ones past retention, recompute the rollups of the last
//              `refreshHours` hours (and the days they fall in)
//   timescale  TimescaleDB's own jobs compress, expire and refresh; the round refreshes the same recent
//              window so rollups are current even where background jobs do not run (PGlite, tests)
//   both       prune the ingest ledger past the raw retention
// When rounds were missed (the maintainer was down), the refresh reaches back to where the last round
// ended, at most CATCH_UP_MS: the look-back of TimescaleDB's own 1-hour refresh policy.

const HOUR_MS = 3_600_000;
const CATCH_UP_MS = 48 * HOUR_MS;
const REFRESHED_TO_KEY = 'rollups_refreshed_to';

export interface MaintainOptions {
  partitionsAheadDays: number;
  refreshHours: number;
  /** The clock, for tests. */
  now?: Date;
}

export interface MaintainResult {
  mode: StorageMode;
  partitionsCreated: string[];
  partitionsDropped: string[];
  ledgerEntriesPruned: number;
  refreshed: RefreshedRollup[];
}

export async function readStorageMode(db: SqlExecutor): Promise<StorageMode> {
  const mode = (await metaTablesExist(db)) ? await readMeta(db, 'storage_mode') : undefined;
  if (!isStorageMode(mode)) {
    throw new PgaError(
      ErrorCodes.MIGRATION_FAILED,
      'the database is not migrated (no storage mode recorded): run `pga migrate` first',
    );
  }
  return mode;
}

async function refreshStart(db: SqlExecutor, now: Date, refreshHours: number): Promise<Date> {
  const recent = now.getTime() - refreshHours * HOUR_MS;
  const last = Date.parse((await readMeta(db, REFRESHED_TO_KEY)) ?? '');
  if (Number.isNaN(last) || last >= recent) return new Date(recent);
  return new Date(Math.max(last, now.getTime() - CATCH_UP_MS));
}

/** `db` must be a single session (pg Client/PoolClient or PGlite): the round holds an advisory lock. */
export async function maintain(db: SqlExecutor, opts: MaintainOptions): Promise<MaintainResult> {
  return withSchemaLock(db, async () => {
    const mode = await readStorageMode(db);
    const now = opts.now ?? new Date();
    const plain = mode === 'plain';
    const partitionsCreated = plain ? await ensurePartitions(db, opts.partitionsAheadDays, now) : [];
    const partitionsDropped = plain ? await enforceRetention(db, now) : [];
    const ledgerEntriesPruned = await pruneIngestLedger(db, now);
    const from = await refreshStart(db, now, opts.refreshHours);
    const refreshed = await refreshRollups(db, mode, { from, to: now });
    await writeMeta(db, REFRESHED_TO_KEY, now.toISOString());
    return { mode, partitionsCreated, partitionsDropped, ledgerEntriesPruned, refreshed };
  });
}
