import { createKafka } from '../lib/kafka/client.ts';
import type { Logger } from '../lib/log/logger.ts';

/** Asks the broker for its cluster description once; true when it answers. KafkaJS's own retries are off. */
export async function brokerAnswers(brokers: string[], log: Logger): Promise<boolean> {
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
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
