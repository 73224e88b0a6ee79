import { randomBytes } from 'node:crypto';
import { SchemaRegistry, encodeSingleObject } from '../../services/lib/avro/index.ts';
import { loadStackConfig, type StackConfig } from '../../services/lib/config/stack.ts';
import { createPool, type Pool } from '../../services/lib/db/pool.ts';
import { createKafka, CompressionTypes, type Producer } from '../../services/lib/kafka/client.ts';
import { topicName, topicSpecs } from '../../services/lib/kafka/topics.ts';
import { createLogger } from '../../services/lib/log/logger.ts';
import { migrate } from '../../services/migrate/migrate.ts';
import { ensureTopics } from '../../services/stack/index.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.ts';

// Everything a pipeline test needs of its own on the real stack: a topic prefix (every topic created fresh),
// a migrated database, a consumer group, and the PGA_* variables that point a `pga ingest` at them.

export interface PipelineEnv {
  prefix: string;
  group: string;
  db: ScratchDatabase;
  pool: Pool;
  registry: SchemaRegistry;
  producer: Producer;
  env: Record<string, string>;
  stack: StackConfig;
  kafka: ReturnType<typeof createKafka>;
  topic(stream: string): string;
  /** Encodes `value` with the current schema of `stream` and produces it (zstd), keyed by its server id. */
  send(stream: string, values: Array<Record<string, unknown>>): Promise<void>;
  sendRaw(stream: string, messages: Array<{ key: string; value: Buffer }>): Promise<void>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

export const quietLogger = createLogger('test', process.env.PGA_TEST_LOG_LEVEL ?? 'silent');

export async function createPipelineEnv(
  name: string,
  opts: { partitions?: number; stack?: StackConfig } = {},
): Promise<PipelineEnv> {
  const stack = opts.stack ?? loadStackConfig();
  const prefix = `t-${name}-${randomBytes(4).toString('hex')}`;
  const group = `g-${prefix}`;
  const db = await createScratchDatabase(stack.databaseUrl);
  const session = await db.connect();
  try {
    await migrate(session.db, { mode: 'plain' });
  } finally {
    await session.close();
  }
  const specs = topicSpecs().map((s) => ({ ...s, partitions: opts.partitions ?? Math.min(s.partitions, 3) }));
  await ensureTopics({ kafkaBrokers: stack.kafkaBrokers, topicPrefix: prefix }, quietLogger, specs);
  const kafka = createKafka({ brokers: stack.kafkaBrokers, clientId: `test-${prefix}`, logger: quietLogger });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const pool = createPool(db.url, { max: 2 });
  pool.on('error', () => undefined); // idle connections die when a test restarts the database
  const registry = SchemaRegistry.load();
  const topic = (stream: string) => topicName(prefix, stream);
  const sendRaw = async (stream: string, messages: Array<{ key: string; value: Buffer }>) => {
    await producer.send({ topic: topic(stream), acks: -1, compression: CompressionTypes.ZSTD, messages });
  };
  return {
    prefix,
    group,
    db,
    pool,
    registry,
    producer,
    stack,
    kafka,
    env: {
      PGA_DATABASE_URL: db.url,
      PGA_TOPIC_PREFIX: prefix,
      PGA_INGEST_GROUP: group,
      PGA_KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      PGA_INGEST_BATCH_MS: '200',
    },
    topic,
    sendRaw,
    send: (stream, values) => {
      const entry = registry.byName(stream);
      return sendRaw(
        stream,
        values.map((v) => ({
          key: String((v.envelope as { server_id: string }).server_id),
          value: encodeSingleObject(entry, v),
        })),
      );
    },
    count: async (table) =>
      Number((await pool.query(`SELECT count(*)::bigint AS n FROM ${table}`)).rows[0].n),
    close: async () => {
      await producer.disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
      const admin = kafka.admin();
      await admin.connect();
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
      await admin.deleteTopics({ topics: mine }).catch(() => undefined);
      await admin.deleteGroups([group]).catch(() => undefined);
      await admin.disconnect();
      await db.drop();
    },
  };
}

/** Polls `probe` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
