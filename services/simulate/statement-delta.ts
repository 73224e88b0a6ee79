import type { Random } from './random.ts';
import type { StatementProfile } from './statement-profile.ts';

// Increments of one pg_stat_statements entry over a stretch of time, named as its columns (PostgreSQL 17).
// Counters are integers where PostgreSQL's are; times are milliseconds.

export interface StatementDelta {
  calls: number;
  plans: number;
  total_exec_time: number;
  min_exec_time: number;
  max_exec_time: number;
  stddev_exec_time: number;
  total_plan_time: number;
  rows: number;
  shared_blks_hit: number;
  shared_blks_read: number;
  shared_blks_dirtied: number;
  shared_blks_written: number;
  temp_blks_read: number;
  temp_blks_written: number;
  shared_blk_read_time: number;
  shared_blk_write_time: number;
  temp_blk_read_time: number;
  temp_blk_write_time: number;
  wal_records: number;
  wal_fpi: number;
  wal_bytes: number;
  jit_functions: number;
  jit_generation_time: number;
  jit_inlining_time: number;
  jit_optimization_time: number;
  jit_emission_time: number;
}

export function drawDelta(
  rng: Random,
  s: StatementProfile,
  calls: number,
  trackPlanning: boolean,
): StatementDelta {
  // Sum of `calls` log-normal execution times: its mean, with the noise of an average of `calls` draws.
  const meanPerCall = s.medianMs * Math.exp((s.sigma * s.sigma) / 2);
  const total = calls * meanPerCall * Math.exp(rng.normal(0, s.sigma / Math.sqrt(calls)));
  // Extremes of n log-normal draws sit about sqrt(2 ln n) standard deviations from the median.
  const spread = Math.sqrt(2 * Math.log(Math.max(calls, 2)));
  // Draws are skipped where the base is zero: most statements write nothing and spill nothing.
  const rows = s.rowsPerCall > 0 ? Math.round(calls * s.rowsPerCall * rng.logNormal(1, 0.1)) : 0;
  const touched = s.blocksPerCall > 0 ? Math.round(calls * s.blocksPerCall * rng.logNormal(1, 0.2)) : 0;
  const read =
    touched > 0 ? Math.min(touched, Math.round(touched * (1 - s.hitRatio) * rng.logNormal(1, 0.3))) : 0;
  const walRecords = Math.round(rows * s.walRecordsPerRow);
  const dirtied = Math.round(walRecords * 0.3);
  const written = Math.round(dirtied * 0.02);
  const temp = s.tempBlocksPerCall > 0 ? Math.round(calls * s.tempBlocksPerCall * rng.logNormal(1, 0.3)) : 0;
  const plans = trackPlanning && s.kind !== 'utility' ? calls : 0;
  const jit = s.jitFunctionsPerCall * calls;
  return {
    calls,
    plans,
    total_exec_time: total,
    min_exec_time: s.medianMs * Math.exp(-s.sigma * spread * rng.uniform(0.8, 1)),
    max_exec_time: s.medianMs * Math.exp(s.sigma * spread * rng.uniform(0.9, 1.1)),
    stddev_exec_time: meanPerCall * Math.sqrt(Math.exp(s.sigma * s.sigma) - 1),
    total_plan_time: plans * s.medianMs * 0.05,
    rows,
    shared_blks_hit: touched - read,
    shared_blks_read: read,
    shared_blks_dirtied: dirtied,
    shared_blks_written: written,
    temp_blks_read: temp,
    temp_blks_written: temp,
    shared_blk_read_time: read > 0 ? read * 0.08 * rng.logNormal(1, 0.3) : 0,
    shared_blk_write_time: written * 0.1,
    temp_blk_read_time: temp * 0.01,
    temp_blk_write_time: temp * 0.015,
    wal_records: walRecords,
    wal_fpi: Math.round(walRecords * 0.03),
    wal_bytes: walRecords > 0 ? Math.round(walRecords * rng.uniform(90, 160)) : 0,
    jit_functions: jit,
    jit_generation_time: jit * 0.2,
    jit_inlining_time: jit * 0.5,
    jit_optimization_time: jit * 1.5,
    jit_emission_time: jit * 0.8,
  };
}

const INTEGER_FIELDS = new Set<keyof StatementDelta>([
  'calls',
  'plans',
  'rows',
  'shared_blks_hit',
  'shared_blks_read',
  'shared_blks_dirtied',
  'shared_blks_written',
  'temp_blks_read',
  'temp_blks_written',
  'wal_records',
  'wal_fpi',
  'wal_bytes',
  'jit_functions',
]);
const GAUGE_FIELDS = new Set<keyof StatementDelta>(['min_exec_time', 'max_exec_time', 'stddev_exec_time']);

/** Counters of both added, gauges combined (min of minima, max of maxima). */
export function addDelta(a: StatementDelta, b: StatementDelta): StatementDelta {
  const out = { ...a };
  for (const k of Object.keys(a) as Array<keyof StatementDelta>) {
    if (GAUGE_FIELDS.has(k)) continue;
    out[k] = a[k] + b[k];
  }
  out.min_exec_time = Math.min(a.min_exec_time, b.min_exec_time);
  out.max_exec_time = Math.max(a.max_exec_time, b.max_exec_time);
  return out;
}

/** The part of a delta accumulated in the last `share` of its window (counters scaled, gauges kept). */
export function scaleDelta(d: StatementDelta, share: number): StatementDelta {
  const out = { ...d };
  for (const k of Object.keys(d) as Array<keyof StatementDelta>) {
    if (GAUGE_FIELDS.has(k)) continue;
    out[k] = INTEGER_FIELDS.has(k) ? Math.round(d[k] * share) : d[k] * share;
  }
  return out;
}
