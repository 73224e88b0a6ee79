import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { decodeSingleObject, SchemaRegistry } from '../../services/lib/avro/index.ts';
import { loadStackConfig } from '../../services/lib/config/stack.ts';
import { createKafka, type Admin } from '../../services/lib/kafka/client.ts';
import { createTopicsAndWait } from '../../services/lib/kafka/create-topics.ts';
import { topicName, topicSpecs } from '../../services/lib/kafka/topics.ts';
import { createLogger } from '../../services/lib/log/logger.ts';
import {
  SIM_FAMILIES,
  simulate,
  streamOfFamily,
  type SimulationSummary,
} from '../../services/simulate/index.ts';

// Integration: produces a small simulation to the running broker (`pga up`) under a fresh topic prefix,
// consumes it back and compares with the summary. Skipped when no broker answers at PGA_KAFKA_BROKERS.

const stack = loadStackConfig();

function reachable(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const brokerUp = await reachable(stack.kafkaBrokers[0]!);

describe(
  'pga simulate against Kafka',
  { skip: brokerUp ? false : `no broker at ${stack.kafkaBrokers.join(',')}`, timeout: 120_000 },
  () => {
    const logger = createLogger('test-simulate-kafka', 'silent');
    const kafka = createKafka({ brokers: stack.kafkaBrokers, clientId: 'test-simulate', logger });
    const registry = SchemaRegistry.load();
    const prefix = `simtest${randomBytes(4).toString('hex')}`;
    const streams = SIM_FAMILIES.map(streamOfFamily);
    const topics = streams.map((s) => topicName(prefix, s));
    let admin: Admin;

    before(async () => {
      admin = kafka.admin();
      await admin.connect();
      const specs = new Map(topicSpecs().map((s) => [s.stream, s]));
      await createTopicsAndWait(
        admin,
        streams.map((s) => ({
          topic: topicName(prefix, s),
          numPartitions: specs.get(s)?.partitions ?? 6,
          replicationFactor: 1,
        })),
      );
    });

    after(async () => {
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    });

    it('refuses to produce to topics that do not exist, naming them', async () => {
      await assert.rejects(
        simulate(
          { servers: 1, statements: 5, intervalSeconds: 60, intervals: 1, topicPrefix: `${prefix}missing` },
          { kafka, registry, logger },
        ),
        /do not exist/,
      );
    });

    it('produces every batch once, keyed by server, decodable, in sequence order per partition', async () => {
      // Small send limits force many sendBatch calls, the path a large backfill takes.
      const summary: SimulationSummary = await simulate(
        {
          servers: 5,
          statements: 40,
          intervalSeconds: 60,
          intervals: 4,
          seed: 3,
          topicPrefix: prefix,
          sendLimits: { maxPartitionBytes: 20_000, maxCallBytes: 100_000 },
        },
        { kafka, registry, logger },
      );
      assert.ok(summary.messages > 5 * 4 * 9);

      const consumer = kafka.consumer({ groupId: `${prefix}-check`, allowAutoTopicCreation: false });
      const got = new Map<string, { messages: number; fields: Record<string, number> }>();
      const lastSequence = new Map<string, number>();
      const partitionOf = new Map<string, number>();
      let count = 0;
      let failure: unknown;
      let resolveDone!: () => void;
      const done = new Promise<void>((r) => (resolveDone = r));
      await consumer.connect();
      try {
        await consumer.subscribe({ topics, fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ topic, partition, message }) => {
            try {
              const decoded = decodeSingleObject(registry, message.value!);
              const env = decoded.value.envelope as { server_id: string; sequence: number };
              assert.equal(message.key?.toString(), env.server_id);
              assert.equal(topic, topicName(prefix, decoded.entry.name));
              const k = `${topic}/${env.server_id}`;
              assert.equal(env.sequence, (lastSequence.get(k) ?? 0) + 1, `sequence of ${k}`);
              lastSequence.set(k, env.sequence);
              assert.equal(partitionOf.get(k) ?? partition, partition, `${k} stays on one partition`);
              partitionOf.set(k, partition);
              const c = got.get(decoded.entry.name) ?? { messages: 0, fields: {} };
              c.messages++;
              for (const t of decoded.entry.tables)
                c.fields[t.field] = (c.fields[t.field] ?? 0) + (decoded.value[t.field] as unknown[]).length;
              got.set(decoded.entry.name, c);
            } catch (err) {
              failure ??= err;
            }
            if (++count >= summary.messages) resolveDone();
          },
        });
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`consumed ${count} of ${summary.messages} messages`)),
            60_000,
          );
        });
        await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
      } finally {
        await consumer.disconnect();
      }
      if (failure) throw failure;
      assert.equal(count, summary.messages);
      for (const [stream, expected] of Object.entries(summary.byStream)) {
        assert.deepEqual(got.get(stream), { messages: expected.messages, fields: expected.fields }, stream);
      }
    });
  },
);
