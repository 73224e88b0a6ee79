import { SchemaRegistry } from '../lib/avro/index.ts';
import { createPool } from '../lib/db/pool.ts';
import { ConfigError, errorMessage } from '../lib/errors.ts';
import { startOpsServer, type OpsServer } from '../lib/http/ops-server.ts';
import { createKafka, Partitioners } from '../lib/kafka/client.ts';
import { DEADLETTER_STREAM, INGEST_STREAMS, topicName } from '../lib/kafka/topics.ts';
import { createLogger, redactUrl, type Logger } from '../lib/log/logger.ts';
import type { IngestConfig } from './config.ts';
import { sendDeadLetters } from './dead-letter.ts';
import { BatchDecoder } from './decode-message.ts';
import { createDurableFlush } from './durable-flush.ts';
import { FingerprintCache } from './fingerprint-cache.ts';
import { GroupCommitter } from './group-committer.ts';
import { runConsumer } from './kafka-consumer.ts';
import { createIngestMetrics, type IngestMetrics } from './metrics.ts';

// Wires the ingest service: config → clients → modules → shutdown. No logic lives here.

export interface IngestHandle {
  metrics: IngestMetrics;
  opsPort: number | undefined;
  stop(): Promise<void>;
}

export async function startIngest(
  cfg: IngestConfig,
  logger: Logger = createLogger('ingest', cfg.logLevel),
  onFatal: (err: Error) => void = () => undefined,
): Promise<IngestHandle> {
  const prefix = cfg.stack.topicPrefix;
  const pool = createPool(cfg.stack.databaseUrl, { max: cfg.dbPool + 1, applicationName: 'pga-ingest' });
  pool.on('error', (err) => logger.warn({ err: errorMessage(err) }, 'idle database connection lost'));
  await checkDatabase(pool, cfg);

  const registry = SchemaRegistry.load();
  const metrics = createIngestMetrics();
  const kafka = createKafka({ brokers: cfg.stack.kafkaBrokers, clientId: 'pga-ingest', logger });
  const admin = kafka.admin();
  // Dead letters are at-least-once (sent before the commit that moves past them; a crash in between sends
  // them again, with the same source coordinates in their headers), so the producer need not be idempotent.
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({
    groupId: cfg.group,
    sessionTimeout: cfg.sessionTimeoutMs,
    heartbeatInterval: Math.min(3_000, Math.floor(cfg.sessionTimeoutMs / 3)),
    maxBytesPerPartition: cfg.fetchBytes,
    maxBytes: cfg.fetchBytes * Math.max(cfg.concurrency, 4),
    maxWaitTimeInMs: 250,
  });
  await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);

  const abort = new AbortController();
  const dlqTopic = topicName(prefix, DEADLETTER_STREAM);
  const fingerprints = new FingerprintCache();
  const topics = INGEST_STREAMS.map((s) => topicName(prefix, s));
  let paused = false;
  let failed: string | undefined;
  // KafkaJS restarts the consumer by itself after retriable errors; when it gives up, the process must
  // not look healthy: readiness fails and the caller decides (the CLI exits so a supervisor restarts it).
  consumer.on(consumer.events.CRASH, (e) => {
    if (e.payload.restart) return;
    failed = `Kafka consumer stopped: ${errorMessage(e.payload.error)}`;
    logger.fatal({ err: errorMessage(e.payload.error) }, 'Kafka consumer crashed and will not restart');
    onFatal(e.payload.error);
  });
  const flush = createDurableFlush({
    pool,
    copyFormat: cfg.copyFormat,
    group: cfg.group,
    logger,
    metrics,
    fingerprints,
    signal: abort.signal,
    sendDeadLetters: (poison) => sendDeadLetters(producer, dlqTopic, poison),
    afterCommit: (group) =>
      consumer.commitOffsets(
        group.map((c) => ({
          topic: c.topic,
          partition: c.partition,
          offset: (BigInt(c.lastOffset) + 1n).toString(),
        })),
      ),
    setPaused: (p) => {
      paused = p;
      metrics.paused.set(p ? 1 : 0);
      // Stop fetching while writes cannot proceed; in-flight batches wait in the committer.
      if (p) consumer.pause(topics.map((topic) => ({ topic })));
      else consumer.resume(topics.map((topic) => ({ topic })));
    },
  });
  const committer = new GroupCommitter({ maxRows: cfg.batchRows, maxMs: cfg.batchMs, flush });
  const decoder = new BatchDecoder(registry, prefix);

  let ops: OpsServer | undefined;
  if (cfg.metricsPort >= 0) {
    ops = await startOpsServer({
      port: cfg.metricsPort,
      host: cfg.metricsHost,
      registry: metrics.registry,
      logger,
      readiness: async () => {
        if (failed) return failed;
        if (paused) return 'writes are paused: database or Kafka unavailable';
        try {
          await pool.query('SELECT 1');
          return null;
        } catch (err) {
          return `database: ${errorMessage(err)}`;
        }
      },
    });
  }
  await runConsumer({
    consumer,
    admin,
    pool,
    group: cfg.group,
    topics,
    concurrency: cfg.concurrency,
    decoder,
    committer,
    fingerprints,
    metrics,
    logger,
  });
  logger.info(
    {
      group: cfg.group,
      topics: topics.length,
      database: redactUrl(cfg.stack.databaseUrl),
      brokers: cfg.stack.kafkaBrokers,
      opsPort: ops?.port,
    },
    'ingest running',
  );

  let stopping: Promise<void> | undefined;
  return {
    metrics,
    opsPort: ops?.port,
    stop: () =>
      (stopping ??= (async () => {
        logger.info('ingest stopping: finishing the batch in flight');
        await consumer.stop().catch(() => undefined);
        await committer.drain();
        abort.abort();
        await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
        await ops?.close();
        await pool.end();
        logger.info('ingest stopped');
      })()),
  };
}

async function checkDatabase(pool: ReturnType<typeof createPool>, cfg: IngestConfig): Promise<void> {
  let res;
  try {
    res = await pool.query<{ ok: boolean }>("SELECT to_regclass('ingest_offsets') IS NOT NULL AS ok");
  } catch (err) {
    throw new ConfigError(
      `cannot reach the database at ${redactUrl(cfg.stack.databaseUrl)} (PGA_DATABASE_URL): ${errorMessage(err)}. Is it running? (\`pga up\`)`,
    );
  }
  if (!res.rows[0]?.ok) {
    throw new ConfigError(
      `the database at ${redactUrl(cfg.stack.databaseUrl)} has no pgAnalytics tables: run \`pga migrate\` first`,
    );
  }
}
