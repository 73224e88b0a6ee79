import { randomBytes } from 'node:crypto';
import { createKafka } from '../lib/kafka/client.ts';
import { DEADLETTER_STREAM, INGEST_STREAMS, topicName, topicSpecs } from '../lib/kafka/topics.ts';
import type { Logger } from '../lib/log/logger.ts';
import { ensureTopics } from '../stack/index.ts';

// A fresh topic prefix per run. The ingest subscribes to every stream it consumes, so each of its topics
// exists; only the statements topic carries data and gets several partitions (what a real deployment has),
// the others one partition each to keep the broker's work small.

export const STATEMENTS_STREAM = 'metrics.statements.v1';

export interface BenchTopics {
  prefix: string;
  group: string;
  drop(): Promise<void>;
}

export async function createBenchTopics(
  brokers: string[],
  logger: Logger,
  statementPartitions: number,
): Promise<BenchTopics> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const group = `${prefix}-ingest`;
  const wanted = new Set([...INGEST_STREAMS, DEADLETTER_STREAM]);
  const specs = topicSpecs()
    .filter((s) => wanted.has(s.stream))
    .map((s) => ({ ...s, partitions: s.stream === STATEMENTS_STREAM ? statementPartitions : 1 }));
  const drop = async () => {
    const admin = createKafka({ brokers, clientId: 'pga-bench', logger, retries: 2 }).admin();
    await admin.connect();
    try {
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine });
      await admin.deleteGroups([group]).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  };
  try {
    await ensureTopics({ kafkaBrokers: brokers, topicPrefix: prefix }, logger, specs);
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
  return { prefix, group, drop };
}

export function statementsTopic(prefix: string): string {
  return topicName(prefix, STATEMENTS_STREAM);
}
