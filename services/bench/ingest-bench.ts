import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tableLayouts } from '../ingest/table-layout.ts';
import type { IngestHandle } from '../ingest/main.ts';
import { SchemaRegistry } from '../lib/avro/index.ts';
import type { Env } from '../lib/config/env.ts';
import { loadStackConfig } from '../lib/config/stack.ts';
import type { Logger } from '../lib/log/logger.ts';
import { createBenchDatabase, queryBench } from './bench-database.ts';
import { createBenchTopics, STATEMENTS_STREAM } from './bench-topics.ts';
import { runLivePhase } from './live-phase.ts';
import { runPipelinePhase } from './pipeline-phase.ts';
import { produceBulk } from './produce-bulk.ts';
import { benchLogger, fmtInt, rate, stderrProgress, type Progress } from './progress.ts';
import { requirePsql } from './psql.ts';
import { runRawCopyPhase } from './raw-copy-phase.ts';

// `pga bench ingest`: how close the Kafka → PostgreSQL pipeline comes to the physical limit of this machine.
//   1. a fresh topic prefix and a fresh database (plain mode) on the stack's servers;
//   2. pre-produce at least `rows` statement rows (the simulator, statements family only);
//   3. start the ingest in-process and time it until every row is committed → pipeline rows/s;
//   4. live phase: a steady fleet, the ingest caught up → p99 of commit time − Kafka timestamp;
//   5. export exactly the bulk rows and `psql \copy` them into a second, identical database → raw rows/s.
// Everything created is removed at the end, also when the run fails or is interrupted (unless `keep`).

export interface IngestBenchOptions {
  rows: number;
  /** Keep the databases, topics and COPY file for inspection. */
  keep?: boolean;
  /** Seconds of the live phase (0 skips it and reports p99 as null). */
  liveSeconds?: number;
  /** Servers of the live fleet, one batch (~470 rows) each per second. */
  liveServers?: number;
  statementPartitions?: number;
  env?: Env;
  logger?: Logger;
  progress?: Progress;
  signal?: AbortSignal;
}

export interface IngestBenchResult {
  rows: number;
  pipeline_rows_per_s: number;
  raw_copy_rows_per_s: number;
  ratio: number;
  p99_batch_visible_ms: number | null;
}

/** The result and what it was measured on, so callers (and tests) can check the run itself. */
export interface IngestBenchReport {
  result: IngestBenchResult;
  /** Statement rows produced to Kafka, stored by the pipeline, and loaded by psql. */
  produced: number;
  stored: number;
  rawCopied: number;
  pipelineSeconds: number;
  rawCopySeconds: number;
  liveRows: number;
  topicPrefix: string;
  databases: string[];
}

export const INGEST_BENCH_DEFAULTS = {
  rows: 2_000_000,
  liveSeconds: 20,
  liveServers: 40,
  statementPartitions: 6,
} as const;

const BULK_PREFIX = 'bulk';
const LIVE_PREFIX = 'live';

export async function runIngestBench(opts: IngestBenchOptions): Promise<IngestBenchReport> {
  requirePsql();
  const env = opts.env ?? process.env;
  const progress = opts.progress ?? stderrProgress;
  const logger = opts.logger ?? benchLogger();
  const signal = opts.signal ?? new AbortController().signal;
  const stack = loadStackConfig(env);
  const layout = tableLayouts(SchemaRegistry.load().byName(STATEMENTS_STREAM).raw).find(
    (l) => l.table === 'statements',
  );
  if (!layout) throw new Error(`${STATEMENTS_STREAM} has no statements table`);
  const columns = layout.columns.map((c) => c.name);

  const cleanups: Array<{ what: string; run: () => Promise<void> }> = [];
  let ingest: IngestHandle | undefined;
  try {
    const topics = await createBenchTopics(
      stack.kafkaBrokers,
      logger,
      opts.statementPartitions ?? INGEST_BENCH_DEFAULTS.statementPartitions,
    );
    cleanups.push({ what: `topics ${topics.prefix}.*`, run: topics.drop });
    const pipelineDb = await createBenchDatabase(stack.databaseUrl, 'pipeline');
    cleanups.push({ what: `database ${pipelineDb.name}`, run: pipelineDb.drop });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pga-bench-'));
    cleanups.push({ what: `directory ${dir}`, run: () => rm(dir, { recursive: true, force: true }) });
    progress(`setup     topics ${topics.prefix}.*, database ${pipelineDb.name}`);

    const bulk = await produceBulk({
      rows: opts.rows,
      brokers: stack.kafkaBrokers,
      topicPrefix: topics.prefix,
      serverPrefix: BULK_PREFIX,
      logger,
      progress,
      signal,
    });
    const rows = bulk.statementRows;
    progress(
      `produce   ${fmtInt(rows)} rows in ${fmtInt(bulk.messages)} messages (${(bulk.bytes / 1e6).toFixed(0)} MB)`,
    );
    await queryBench(pipelineDb.url, 'CHECKPOINT').catch(() => undefined);

    const pipeline = await runPipelinePhase({
      env: {
        ...env,
        PGA_DATABASE_URL: pipelineDb.url,
        PGA_KAFKA_BROKERS: stack.kafkaBrokers.join(','),
        PGA_TOPIC_PREFIX: topics.prefix,
        PGA_INGEST_GROUP: topics.group,
        PGA_INGEST_METRICS_PORT: '0',
      },
      rows,
      logger,
      progress,
      signal,
    });
    ingest = pipeline.ingest;
    const pipelineRate = rate(rows, pipeline.seconds);
    progress(
      `pipeline  ${fmtInt(rows)} rows in ${pipeline.seconds.toFixed(1)} s, ${fmtInt(pipelineRate)} rows/s`,
    );
    const stored = await countStatements(pipelineDb.url, BULK_PREFIX);
    if (stored !== rows)
      throw new Error(`the pipeline stored ${stored} statement rows, ${rows} were produced`);

    let p99: number | null = null;
    let liveRows = 0;
    const liveSeconds = opts.liveSeconds ?? INGEST_BENCH_DEFAULTS.liveSeconds;
    if (liveSeconds > 0) {
      const live = await runLivePhase({
        ingest,
        brokers: stack.kafkaBrokers,
        topicPrefix: topics.prefix,
        serverPrefix: LIVE_PREFIX,
        servers: opts.liveServers ?? INGEST_BENCH_DEFAULTS.liveServers,
        seconds: liveSeconds,
        logger,
        progress,
        signal,
      });
      p99 = live.p99Ms;
      liveRows = live.rows;
      progress(`live      ${fmtInt(live.rows)} rows in ${liveSeconds} s, p99 batch visible after ${p99} ms`);
    }
    await ingest.stop();
    ingest = undefined;

    const raw = await runRawCopyPhase({
      serverUrl: stack.databaseUrl,
      pipelineUrl: pipelineDb.url,
      columns,
      serverPrefix: BULK_PREFIX,
      rows,
      dir,
      progress,
      onDatabase: (db) => cleanups.push({ what: `database ${db.name}`, run: db.drop }),
      signal,
    });
    const rawRate = rate(raw.rows, raw.seconds);
    return {
      result: {
        rows,
        pipeline_rows_per_s: pipelineRate,
        raw_copy_rows_per_s: rawRate,
        ratio: Math.round((pipelineRate / rawRate) * 1000) / 1000,
        p99_batch_visible_ms: p99,
      },
      produced: rows,
      stored,
      rawCopied: raw.rows,
      pipelineSeconds: pipeline.seconds,
      rawCopySeconds: raw.seconds,
      liveRows,
      topicPrefix: topics.prefix,
      databases: [pipelineDb.name, raw.db.name],
    };
  } finally {
    await ingest?.stop().catch(() => undefined);
    if (opts.keep) {
      for (const c of cleanups) progress(`kept      ${c.what}`);
    } else {
      for (const c of cleanups.reverse()) {
        await c
          .run()
          .catch((err: unknown) => progress(`cleanup   could not remove ${c.what}: ${String(err)}`));
      }
    }
  }
}

async function countStatements(url: string, serverPrefix: string): Promise<number> {
  const rows = await queryBench<{ n: number }>(
    url,
    "SELECT count(*)::bigint AS n FROM statements WHERE server_id LIKE $1 || '-%'",
    [serverPrefix],
  );
  return Number(rows[0]?.n ?? 0);
}
