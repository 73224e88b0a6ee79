import { ErrorCodes, PgaError } from '../lib/errors.ts';
import { CompressionTypes, type createKafka } from '../lib/kafka/client.ts';
import type { Logger } from '../lib/log/logger.ts';
import { partitionForKey } from './partitioner.ts';
import { SendBuffer, type SendBufferLimits } from './send-buffer.ts';

// Where the simulator's messages go: an idempotent producer (acks from all in-sync replicas, one request
// in flight, so retries neither duplicate nor reorder), zstd-compressed, through a SendBuffer. The topics
// must exist: `pga up` creates them, and tests create their own.

export type Kafka = ReturnType<typeof createKafka>;

export interface KafkaOutput {
  push(topic: string, key: string, value: Buffer): Promise<void>;
  /** Waits until everything pushed so far is acknowledged. */
  flush(): Promise<void>;
  /** Flushes (unless `flush` is false, after a failure) and disconnects the producer. */
  close(flush?: boolean): Promise<void>;
}

export async function openKafkaOutput(
  kafka: Kafka,
  topics: readonly string[],
  logger: Logger,
  limits?: SendBufferLimits,
): Promise<KafkaOutput> {
  const admin = kafka.admin();
  const partitions = new Map<string, number>();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      throw new PgaError(
        ErrorCodes.USAGE,
        `topic(s) ${missing.join(', ')} do not exist: start the stack with \`pga up\` (it creates the topics) or check --topic-prefix / PGA_TOPIC_PREFIX`,
      );
    }
    const meta = await admin.fetchTopicMetadata({ topics: [...topics] });
    for (const t of meta.topics) partitions.set(t.name, t.partitions.length);
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // KafkaJS's contract for idempotence: retry transient errors without limit (sequence numbers make the
    // retries safe); the connection itself is checked above with the client's bounded retries.
    retry: { retries: Number.MAX_SAFE_INTEGER },
    // Partitions are chosen by SendBuffer's caller (same murmur2 as Kafka's default partitioner).
    createPartitioner:
      () =>
      ({ message, partitionMetadata }) =>
        message.partition ?? partitionForKey(String(message.key), partitionMetadata.length),
  });
  await producer.connect();
  const buffer = new SendBuffer(async (topicMessages) => {
    await producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.ZSTD });
  }, limits);
  logger.debug({ topics: Object.fromEntries(partitions) }, 'producing to topics');
  return {
    async push(topic, key, value) {
      const n = partitions.get(topic);
      if (n === undefined) throw new PgaError(ErrorCodes.USAGE, `not an output topic: ${topic}`);
      await buffer.push({ topic, partition: partitionForKey(key, n), key, value });
    },
    flush: () => buffer.flush(),
    async close(flush = true) {
      try {
        if (flush) await buffer.flush();
      } finally {
        await producer.disconnect();
      }
    },
  };
}
