import type { StackConfig } from '../lib/config/stack.ts';
import { createKafka, type Admin } from '../lib/kafka/client.ts';
import { createTopicsAndWait } from '../lib/kafka/create-topics.ts';
import { topicName, topicSpecs, type TopicSpec } from '../lib/kafka/topics.ts';
import type { Logger } from '../lib/log/logger.ts';

// Creates every topic of topicSpecs() under PGA_TOPIC_PREFIX, idempotently: missing topics are created with
// their partitions and configs; existing ones keep their data, gain partitions when the spec asks for more
// (never fewer: Kafka cannot shrink a topic) and get the spec's config values where they drifted.

/** ConfigResourceTypes.TOPIC of the Kafka protocol (KafkaJS's enum stays behind the client seam). */
const TOPIC_RESOURCE = 2;

export interface EnsureTopicsResult {
  created: string[];
  unchanged: string[];
  partitionsAdded: string[];
  configsUpdated: string[];
}

export async function ensureTopics(
  cfg: Pick<StackConfig, 'kafkaBrokers' | 'topicPrefix'>,
  log: Logger,
  specs: TopicSpec[] = topicSpecs(),
): Promise<EnsureTopicsResult> {
  const kafka = createKafka({ brokers: cfg.kafkaBrokers, clientId: 'pga-stack-topics', logger: log });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await reconcile(admin, cfg.topicPrefix, specs, log);
  } finally {
    await admin.disconnect();
  }
}

async function reconcile(
  admin: Admin,
  prefix: string,
  specs: TopicSpec[],
  log: Logger,
): Promise<EnsureTopicsResult> {
  const result: EnsureTopicsResult = { created: [], unchanged: [], partitionsAdded: [], configsUpdated: [] };
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(topicName(prefix, s.stream)));
  if (missing.length > 0) {
    await createTopicsAndWait(
      admin,
      missing.map((s) => ({
        topic: topicName(prefix, s.stream),
        numPartitions: s.partitions,
        replicationFactor: 1,
        configEntries: Object.entries(s.config).map(([name, value]) => ({ name, value })),
      })),
    );
    result.created.push(...missing.map((s) => topicName(prefix, s.stream)));
  }

  const present = specs.filter((s) => existing.has(topicName(prefix, s.stream)));
  if (present.length > 0) {
    const names = present.map((s) => topicName(prefix, s.stream));
    const meta = await admin.fetchTopicMetadata({ topics: names });
    const partitionsOf = new Map(meta.topics.map((t) => [t.name, t.partitions.length]));
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((s) => ({
        type: TOPIC_RESOURCE,
        name: topicName(prefix, s.stream),
        configNames: Object.keys(s.config),
      })),
    });
    const configsOf = new Map(
      described.resources.map((r) => [
        r.resourceName,
        new Map(r.configEntries.map((e) => [e.configName, e.configValue])),
      ]),
    );
    for (const s of present) {
      const name = topicName(prefix, s.stream);
      let changed = false;
      const have = partitionsOf.get(name) ?? s.partitions;
      if (have < s.partitions) {
        await admin.createPartitions({ topicPartitions: [{ topic: name, count: s.partitions }] });
        result.partitionsAdded.push(name);
        changed = true;
      }
      const current = configsOf.get(name);
      const drifted = Object.entries(s.config).some(([k, v]) => current?.get(k) !== v);
      if (drifted) {
        // alterConfigs replaces the topic's dynamic configs with exactly these entries.
        await admin.alterConfigs({
          validateOnly: false,
          resources: [
            {
              type: TOPIC_RESOURCE,
              name,
              configEntries: Object.entries(s.config).map(([k, v]) => ({ name: k, value: v })),
            },
          ],
        });
        result.configsUpdated.push(name);
        changed = true;
      }
      if (!changed) result.unchanged.push(name);
    }
  }
  const parts = [
    result.created.length && `${result.created.length} created`,
    result.partitionsAdded.length && `${result.partitionsAdded.length} with partitions added`,
    result.configsUpdated.length && `${result.configsUpdated.length} with configs updated`,
    result.unchanged.length && `${result.unchanged.length} already in place`,
  ].filter(Boolean);
  log.info(`topics: ${specs.length} topics with prefix ${prefix}: ${parts.join(', ')}`);
  return result;
}
