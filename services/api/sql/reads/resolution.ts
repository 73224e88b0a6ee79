import type { SqlExecutor } from '../../../lib/db/executor.ts';

// Which data answers a time-range read: the raw samples or the 1-hour / 1-day rollups. By default the span
// decides (≤ 6 h raw, ≤ 14 days hourly, else daily), made coarser when the range starts before the
// retention of the finer data; `resolution=` overrides. Rollup buckets are UTC hours and days (the
// TimescaleDB time_bucket origin), so a rollup read covers every bucket that overlaps the range asked:
// the range is widened to bucket bounds and the response says which range was used.

export const RESOLUTIONS = ['raw', '1h', '1d'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export interface TimeRange {
  from: Date;
  to: Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const BUCKET_MS: Record<Exclude<Resolution, 'raw'>, number> = { '1h': HOUR_MS, '1d': DAY_MS };

/** Spans up to which the finer data is chosen by default. */
export const AUTO_MAX_SPAN_MS = { raw: 6 * HOUR_MS, '1h': 14 * DAY_MS } as const;

/** Days each class of data is kept (pga_retention_days), used to avoid choosing data already expired. */
export interface Retention {
  rawDays: number;
  hourlyDays: number;
}

export interface ResolutionChoice {
  resolution: Resolution;
  /** The range read: the one asked for raw data, widened to whole buckets for a rollup. */
  range: TimeRange;
}

export function chooseResolution(opts: {
  range: TimeRange;
  requested?: Resolution;
  /** The resolutions this data has; 'raw' always. */
  available: readonly Resolution[];
  retention?: Retention;
  now?: Date;
}): ResolutionChoice {
  const { range, available } = opts;
  let resolution = opts.requested;
  if (resolution === undefined) {
    const span = range.to.getTime() - range.from.getTime();
    const age = (opts.now ?? new Date()).getTime() - range.from.getTime();
    const ret = opts.retention;
    if (span <= AUTO_MAX_SPAN_MS.raw && !(ret && age > ret.rawDays * DAY_MS)) resolution = 'raw';
    else if (span <= AUTO_MAX_SPAN_MS['1h'] && !(ret && age > ret.hourlyDays * DAY_MS)) resolution = '1h';
    else resolution = '1d';
    // Data without rollups is read raw whatever the span; data with only some rollups takes the finest.
    if (!available.includes(resolution)) resolution = available.includes('1h') ? '1h' : 'raw';
  }
  return { resolution, range: resolution === 'raw' ? range : widen(range, BUCKET_MS[resolution]) };
}

/** [from, to) widened to whole buckets of `step` ms (UTC). */
export function widen(range: TimeRange, step: number): TimeRange {
  return {
    from: new Date(Math.floor(range.from.getTime() / step) * step),
    to: new Date(Math.ceil(range.to.getTime() / step) * step),
  };
}

/** Reads pga_retention_days once, then keeps it for `ttlMs` (it changes only with `pga migrate`). */
export function retentionReader(db: SqlExecutor, ttlMs = 5 * 60_000): () => Promise<Retention> {
  let cached: { at: number; value: Retention } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.value;
    const res = await db.query<{ raw: number; hourly: number }>(
      "SELECT pga_retention_days('raw') AS raw, pga_retention_days('hourly') AS hourly",
    );
    const row = res.rows[0];
    const value = { rawDays: Number(row?.raw ?? 14), hourlyDays: Number(row?.hourly ?? 90) };
    cached = { at: Date.now(), value };
    return value;
  };
}
