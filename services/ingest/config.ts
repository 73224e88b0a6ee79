import { z } from 'zod';
import { logLevel, parseEnv, port, positiveInt, type Env } from '../lib/config/env.ts';
import { loadStackConfig, type StackConfig } from '../lib/config/stack.ts';
import { ConfigError } from '../lib/errors.ts';

// Every PGA_INGEST_* variable, validated once at start.
export const ingestShape = {
  PGA_INGEST_GROUP: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/, 'expected a Kafka consumer group id (letters, digits, . _ -)')
    .default('pga-ingest'),
  PGA_INGEST_BATCH_ROWS: positiveInt(50_000),
  PGA_INGEST_BATCH_MS: positiveInt(500),
  PGA_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(6),
  PGA_INGEST_FETCH_BYTES: positiveInt(4 * 1024 * 1024),
  PGA_INGEST_METRICS_PORT: port(9464).or(z.literal('0').transform(() => 0)),
  PGA_INGEST_DB_POOL: z.coerce.number().int().min(1).max(32).default(2),
  PGA_LOG_LEVEL: logLevel,
};

export interface IngestConfig {
  stack: StackConfig;
  group: string;
  batchRows: number;
  batchMs: number;
  concurrency: number;
  fetchBytes: number;
  metricsPort: number;
  dbPool: number;
  logLevel: string;
}

export function loadIngestConfig(env: Env = process.env): IngestConfig {
  const e = parseEnv(ingestShape, env);
  if (e.PGA_INGEST_FETCH_BYTES < 64 * 1024) {
    throw new ConfigError(`PGA_INGEST_FETCH_BYTES=${e.PGA_INGEST_FETCH_BYTES}: expected at least 65536 (one agent batch must fit)`);
  }
  return {
    stack: loadStackConfig(env),
    group: e.PGA_INGEST_GROUP,
    batchRows: e.PGA_INGEST_BATCH_ROWS,
    batchMs: e.PGA_INGEST_BATCH_MS,
    concurrency: e.PGA_INGEST_CONCURRENCY,
    fetchBytes: e.PGA_INGEST_FETCH_BYTES,
    metricsPort: e.PGA_INGEST_METRICS_PORT,
    dbPool: e.PGA_INGEST_DB_POOL,
    logLevel: e.PGA_LOG_LEVEL,
  };
}
