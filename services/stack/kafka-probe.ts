import { createKafka } from '../lib/kafka/client.ts';
import type { Logger } from '../lib/log/logger.ts';

// When is a (re)started broker ready? Answering describeCluster is not enough: right after a restart the
// broker still loads its partitions and answers "not the leader" for a few hundred milliseconds. It is ready
// once every topic's partitions answer ListOffsets, i.e. each one has a leader that serves it.

const MAX_TOPICS_CHECKED = 500;

/** One probe, KafkaJS's own retries off: true when the broker answers and every topic's leaders serve. */
export async function brokerReady(brokers: string[], log: Logger): Promise<boolean> {
  const kafka = createKafka({
    brokers,
    clientId: 'pga-stack-probe',
    logger: log.child({ component: 'kafka-probe' }, { level: 'silent' }),
    retries: 0,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) return false;
    const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__')).slice(0, MAX_TOPICS_CHECKED);
    for (const topic of topics) await admin.fetchTopicOffsets(topic);
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
