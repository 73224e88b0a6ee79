import type { SqlExecutor } from '../executor.ts';
import { writeMeta } from '../migrate/meta.ts';
import type { StorageMode } from '../migrate/storage-mode.ts';

// Retention is configured per class (raw metrics, 1-hour rollups, 1-day rollups) and stored in pga_meta,
// where both modes read it: TimescaleDB through its retention policies (reset here when a value changes),
// plain PostgreSQL through pga_enforce_retention, run by `pga maintain`.

export interface RetentionDays {
  raw: number;
  hourly: number;
  daily: number;
}

export const DEFAULT_RETENTION: RetentionDays = { raw: 14, hourly: 90, daily: 730 };

/** Stores the retention settings; returns a line per change (setting or TimescaleDB policy). */
export async function storeRetention(
  db: SqlExecutor,
  mode: StorageMode,
  days: RetentionDays,
): Promise<string[]> {
  const changes: string[] = [];
  for (const cls of ['raw', 'hourly', 'daily'] as const) {
    const previous = await writeMeta(db, `retention_${cls}_days`, String(days[cls]));
    if (previous !== undefined)
      changes.push(`retention ${cls}: ${previous ?? 'default'} -> ${days[cls]} days`);
  }
  if (mode === 'timescale') {
    const res = await db.query<{ change: string }>('SELECT pga_apply_retention_policies() AS change');
    changes.push(...res.rows.map((r) => `policy ${r.change}`));
  }
  return changes;
}

/** Plain mode: drops the partitions past retention; returns their names. */
export async function enforceRetention(db: SqlExecutor, now?: Date): Promise<string[]> {
  const res = await db.query<{ dropped: string }>(
    'SELECT pga_enforce_retention(COALESCE($1::timestamptz, now())) AS dropped',
    [now ?? null],
  );
  return res.rows.map((r) => r.dropped);
}

/** Both modes: deletes ingest ledger entries older than the raw retention; returns how many. */
export async function pruneIngestLedger(db: SqlExecutor, now?: Date): Promise<number> {
  const res = await db.query<{ pruned: number | string }>(
    'SELECT pga_prune_ingest_batches(COALESCE($1::timestamptz, now())) AS pruned',
    [now ?? null],
  );
  return Number(res.rows[0]?.pruned ?? 0);
}
