import { decodeSingleObject, type SchemaRegistry } from '../lib/avro/index.ts';
import { createKafka } from '../lib/kafka/client.ts';
import { INGEST_STREAMS, topicName } from '../lib/kafka/topics.ts';
import type { Logger } from '../lib/log/logger.ts';

// Reads back everything the agent published under the bench's topic prefix: the bytes of every message value
// (the encoded Avro batches, before Kafka's compression) and, for the statements family, the rows of each
// sample (a sample split into several messages shares its collected_at).

export interface AgentOutput {
  messages: number;
  valueBytes: number;
  statementsPerSample: number[];
}

export async function readAgentOutput(
  brokers: string[],
  prefix: string,
  registry: SchemaRegistry,
  logger: Logger,
): Promise<AgentOutput> {
  const kafka = createKafka({ brokers, clientId: 'pga-bench-agent', logger });
  const admin = kafka.admin();
  await admin.connect();
  const topics = INGEST_STREAMS.map((s) => topicName(prefix, s));
  const ends = new Map<string, number>();
  try {
    for (const t of topics) {
      for (const p of await admin.fetchTopicOffsets(t)) ends.set(`${t}/${p.partition}`, Number(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  const out: AgentOutput = { messages: 0, valueBytes: 0, statementsPerSample: [] };
  const total = [...ends.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return out;
  const rowsBySample = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `${prefix}-meter` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ topic, message }) => {
            out.messages++;
            const value = message.value ?? Buffer.alloc(0);
            out.valueBytes += value.length;
            if (topic === topicName(prefix, 'metrics.statements.v1')) {
              const { value: batch } = decodeSingleObject(registry, value) as {
                value: { envelope: { collected_at: unknown }; rows: unknown[] };
              };
              const key = String(batch.envelope.collected_at);
              rowsBySample.set(key, (rowsBySample.get(key) ?? 0) + batch.rows.length);
            }
            if (out.messages >= total) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  out.statementsPerSample = [...rowsBySample.values()];
  return out;
}
