import { z } from 'zod';
import { logLevel, parseEnv, port, positiveInt, type Env } from '../lib/config/env.ts';
import { loadStackConfig, type StackConfig } from '../lib/config/stack.ts';
import { ConfigError } from '../lib/errors.ts';
import { COPY_FORMATS, DEFAULT_COPY_FORMAT, type CopyFormat } from './copy-format.ts';

// Every PGA_INGEST_* variable, validated once at start.
export const ingestShape = {
  PGA_INGEST_GROUP: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/, 'expected a Kafka consumer group id (letters, digits, . _ -)')
    .default('pga-ingest'),
  PGA_INGEST_BATCH_ROWS: positiveInt(50_000),
  // 200 ms: p99 from Kafka to visible rows 336 ms instead of 651 ms at 500 (`pga bench ingest` live phase,
  // ~19k rows/s); bulk throughput is unchanged since big groups are written when BATCH_ROWS is reached.
  PGA_INGEST_BATCH_MS: positiveInt(200),
  PGA_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(6),
  PGA_INGEST_FETCH_BYTES: positiveInt(4 * 1024 * 1024),
  PGA_INGEST_METRICS_PORT: port(9464).or(z.literal('0').transform(() => 0)),
  PGA_INGEST_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  PGA_INGEST_SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6_000, 'expected at least 6000 (the broker refuses shorter sessions)')
    .max(300_000)
    .default(30_000),
  PGA_INGEST_DB_POOL: z.coerce.number().int().min(1).max(32).default(2),
  // binary: PostgreSQL reads values without parsing text; +20% rows/s over text in `pga bench ingest`.
  PGA_INGEST_COPY_FORMAT: z
    .enum(COPY_FORMATS, { message: 'expected binary or text' })
    .default(DEFAULT_COPY_FORMAT),
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
  /** Interface of /health, /ready and /metrics (0.0.0.0 in a container). */
  metricsHost: string;
  /** How long the group waits for a consumer that stopped heartbeating (e.g. killed) before rebalancing. */
  sessionTimeoutMs: number;
  dbPool: number;
  copyFormat: CopyFormat;
  logLevel: string;
}

export function loadIngestConfig(env: Env = process.env): IngestConfig {
  const e = parseEnv(ingestShape, env);
  if (e.PGA_INGEST_FETCH_BYTES < 64 * 1024) {
    throw new ConfigError(
      `PGA_INGEST_FETCH_BYTES=${e.PGA_INGEST_FETCH_BYTES}: expected at least 65536 (one agent batch must fit)`,
    );
  }
  return {
    stack: loadStackConfig(env),
    group: e.PGA_INGEST_GROUP,
    batchRows: e.PGA_INGEST_BATCH_ROWS,
    batchMs: e.PGA_INGEST_BATCH_MS,
    concurrency: e.PGA_INGEST_CONCURRENCY,
    fetchBytes: e.PGA_INGEST_FETCH_BYTES,
    metricsPort: e.PGA_INGEST_METRICS_PORT,
    metricsHost: e.PGA_INGEST_METRICS_HOST,
    sessionTimeoutMs: e.PGA_INGEST_SESSION_TIMEOUT_MS,
    dbPool: e.PGA_INGEST_DB_POOL,
    copyFormat: e.PGA_INGEST_COPY_FORMAT,
    logLevel: e.PGA_LOG_LEVEL,
  };
}
