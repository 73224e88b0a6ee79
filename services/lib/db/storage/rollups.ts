import type { SqlExecutor } from '../executor.ts';
import type { StorageMode } from '../migrate/storage-mode.ts';

// Recomputes the rollups over a time range, in either mode, with the same bucket semantics: the range is
// widened to whole hours for the 1-hour rollups and to whole UTC days for the 1-day rollups, and every
// bucket in it is rebuilt from its source. Plain mode runs pga_refresh_rollups (one transaction);
// TimescaleDB mode refreshes each continuous aggregate, 1 hour before 1 day, each as its own statement
// (refresh_continuous_aggregate refuses to run inside a transaction block).

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const HOURLY_ROLLUPS = [
  'statements_1h',
  'system_cpu_1h',
  'system_memory_1h',
  'system_disks_1h',
] as const;
export const DAILY_ROLLUPS = [
  'statements_1d',
  'system_cpu_1d',
  'system_memory_1d',
  'system_disks_1d',
] as const;

export interface RefreshedRollup {
  rollup: string;
  from: Date;
  to: Date;
}

function widen(from: Date, to: Date, step: number): { from: Date; to: Date } {
  return {
    from: new Date(Math.floor(from.getTime() / step) * step),
    to: new Date(Math.ceil(to.getTime() / step) * step),
  };
}

export async function refreshRollups(
  db: SqlExecutor,
  mode: StorageMode,
  range: { from: Date; to: Date },
): Promise<RefreshedRollup[]> {
  if (range.to.getTime() <= range.from.getTime()) throw new Error('refreshRollups: empty range');
  const hours = widen(range.from, range.to, HOUR_MS);
  const days = widen(range.from, range.to, DAY_MS);
  if (mode === 'plain') {
    await db.query('SELECT * FROM pga_refresh_rollups($1::timestamptz, $2::timestamptz)', [
      range.from,
      range.to,
    ]);
  } else {
    for (const cagg of HOURLY_ROLLUPS) {
      await db.query('CALL refresh_continuous_aggregate($1::regclass, $2::timestamptz, $3::timestamptz)', [
        cagg,
        hours.from,
        hours.to,
      ]);
    }
    for (const cagg of DAILY_ROLLUPS) {
      await db.query('CALL refresh_continuous_aggregate($1::regclass, $2::timestamptz, $3::timestamptz)', [
        cagg,
        days.from,
        days.to,
      ]);
    }
  }
  return [
    ...HOURLY_ROLLUPS.map((rollup) => ({ rollup, ...hours })),
    ...DAILY_ROLLUPS.map((rollup) => ({ rollup, ...days })),
  ];
}
