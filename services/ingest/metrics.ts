import { Counter, Gauge, Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client';

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;

export function createIngestMetrics(registry = new Registry()) {
  collectDefaultMetrics({ register: registry, prefix: 'pga_ingest_process_' });
  return {
    registry,
    rows: new Counter({
      name: 'pga_ingest_rows_total',
      help: 'Rows written, by table',
      labelNames: ['table'],
      registers: [registry],
    }),
    batches: new Counter({
      name: 'pga_ingest_batches_total',
      help: 'Kafka messages (agent batches) written',
      registers: [registry],
    }),
    commits: new Counter({
      name: 'pga_ingest_commits_total',
      help: 'Database transactions committed',
      registers: [registry],
    }),
    commitSeconds: new Histogram({
      name: 'pga_ingest_commit_seconds',
      help: 'Time to write and commit one group of batches',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    visibleSeconds: new Summary({
      name: 'pga_ingest_visible_seconds',
      help: 'From the Kafka message timestamp to the commit that made its rows visible',
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 600,
      ageBuckets: 5,
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'pga_ingest_deadletter_total',
      help: 'Messages sent to the dead-letter topic, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    skipped: new Counter({
      name: 'pga_ingest_skipped_total',
      help: 'Messages not written again: already stored (offset) or resent by an agent (ledger)',
      labelNames: ['why'],
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'pga_ingest_consumer_lag',
      help: 'Messages between the last one fetched and the partition high watermark',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    }),
    inflightRows: new Gauge({
      name: 'pga_ingest_inflight_rows',
      help: 'Rows decoded and waiting for their commit: bounded by the partitions consumed at once × fetch size',
      registers: [registry],
    }),
    paused: new Gauge({
      name: 'pga_ingest_paused',
      help: '1 while consumption is paused because the database or the dead-letter topic is unavailable',
      registers: [registry],
    }),
    retries: new Counter({
      name: 'pga_ingest_write_retries_total',
      help: 'Group commits retried after a transient failure',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
}
