import { z } from 'zod';
import { ConfigError } from '../lib/errors.ts';
import { logLevel, parseEnv, positiveInt, type Env } from '../lib/config/env.ts';
import { loadStackConfig } from '../lib/config/stack.ts';
import type { StorageModeChoice } from '../lib/db/migrate/storage-mode.ts';
import type { RetentionDays } from '../lib/db/storage/retention.ts';

// Configuration of `pga migrate` and `pga maintain`, read once from PGA_* variables.

const days = (def: number, min: number) => z.coerce.number().int().min(min).default(def);

export const migrateShape = {
  PGA_STORAGE_MODE: z
    .enum(['auto', 'timescale', 'plain'], { message: 'expected auto, timescale or plain' })
    .default('auto'),
  // The minima keep the TimescaleDB refresh windows (2 days for 1-hour, 4 days for 1-day aggregates) inside
  // the retained data, so a refresh never empties buckets whose source was dropped.
  PGA_RETENTION_RAW_DAYS: days(14, 3),
  PGA_RETENTION_HOURLY_DAYS: days(90, 7),
  PGA_RETENTION_DAILY_DAYS: days(730, 30),
  PGA_PARTITIONS_AHEAD_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  PGA_MAINTAIN_INTERVAL_S: positiveInt(300),
  PGA_MAINTAIN_REFRESH_HOURS: z.coerce.number().int().min(1).max(48).default(3),
  PGA_LOG_LEVEL: logLevel,
};

export interface MigrateConfig {
  databaseUrl: string;
  mode: StorageModeChoice;
  retention: RetentionDays;
  partitionsAheadDays: number;
  maintainIntervalS: number;
  /** How far back each maintenance round recomputes the rollups. */
  refreshHours: number;
  logLevel: string;
}

export function loadMigrateConfig(env: Env = process.env): MigrateConfig {
  const e = parseEnv(migrateShape, env);
  if (e.PGA_RETENTION_HOURLY_DAYS < e.PGA_RETENTION_RAW_DAYS) {
    throw new ConfigError(
      `invalid configuration: PGA_RETENTION_HOURLY_DAYS=${e.PGA_RETENTION_HOURLY_DAYS} is shorter than ` +
        `PGA_RETENTION_RAW_DAYS=${e.PGA_RETENTION_RAW_DAYS}: 1-hour rollups must outlive the raw rows`,
    );
  }
  if (e.PGA_RETENTION_DAILY_DAYS < e.PGA_RETENTION_HOURLY_DAYS) {
    throw new ConfigError(
      `invalid configuration: PGA_RETENTION_DAILY_DAYS=${e.PGA_RETENTION_DAILY_DAYS} is shorter than ` +
        `PGA_RETENTION_HOURLY_DAYS=${e.PGA_RETENTION_HOURLY_DAYS}: 1-day rollups must outlive the 1-hour ones`,
    );
  }
  return {
    databaseUrl: loadStackConfig(env).databaseUrl,
    mode: e.PGA_STORAGE_MODE,
    retention: {
      raw: e.PGA_RETENTION_RAW_DAYS,
      hourly: e.PGA_RETENTION_HOURLY_DAYS,
      daily: e.PGA_RETENTION_DAILY_DAYS,
    },
    partitionsAheadDays: e.PGA_PARTITIONS_AHEAD_DAYS,
    maintainIntervalS: e.PGA_MAINTAIN_INTERVAL_S,
    refreshHours: e.PGA_MAINTAIN_REFRESH_HOURS,
    logLevel: e.PGA_LOG_LEVEL,
  };
}
