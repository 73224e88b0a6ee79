import type { IngestHandle } from '../ingest/main.ts';
import { SchemaRegistry } from '../lib/avro/index.ts';
import { createKafka } from '../lib/kafka/client.ts';
import type { Logger } from '../lib/log/logger.ts';
import { simulate } from '../simulate/index.ts';
import { statementRowsWritten, visibleP99Ms, waitForRows } from './ingest-progress.ts';
import { STATEMENTS_PER_SERVER } from './produce-bulk.ts';
import { fmtInt, type Progress } from './progress.ts';

// Visibility under a steady load: with the ingest caught up, a live fleet sends one statement batch per
// server every second; the ingest's summary of (commit time − Kafka message timestamp), reset at the start,
// gives the p99 a dashboard reader waits before a sample shows.

export interface LiveResult {
  rows: number;
  p99Ms: number;
}

export async function runLivePhase(opts: {
  ingest: IngestHandle;
  brokers: string[];
  topicPrefix: string;
  serverPrefix: string;
  servers: number;
  seconds: number;
  logger: Logger;
  progress: Progress;
  signal: AbortSignal;
}): Promise<LiveResult> {
  const { metrics } = opts.ingest;
  const before = await statementRowsWritten(metrics);
  metrics.visibleSeconds.reset();
  const summary = await simulate(
    {
      topicPrefix: opts.topicPrefix,
      families: ['statements'],
      servers: opts.servers,
      statements: STATEMENTS_PER_SERVER,
      intervalSeconds: 1,
      live: true,
      durationSeconds: opts.seconds,
      serverPrefix: opts.serverPrefix,
    },
    {
      kafka: createKafka({
        brokers: opts.brokers,
        clientId: 'pga-bench-live',
        logger: opts.logger,
        retries: 3,
      }),
      registry: SchemaRegistry.load(),
      logger: opts.logger,
      signal: opts.signal,
      onProgress: (s) => {
        if (s.intervals % 5 === 0) {
          opts.progress(
            `live      ${s.intervals} s, ${fmtInt(s.statementRows)} rows, ${fmtInt(s.statementRowsPerSecond)} rows/s`,
          );
        }
      },
    },
  );
  opts.signal.throwIfAborted();
  await waitForRows({ metrics, rows: before + summary.statementRows, signal: opts.signal, stallMs: 30_000 });
  return { rows: summary.statementRows, p99Ms: await visibleP99Ms(metrics) };
}
