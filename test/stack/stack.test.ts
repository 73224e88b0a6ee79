import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadStackConfig } from '../../services/lib/config/stack.ts';
import { CompressionTypes, createKafka, type Admin } from '../../services/lib/kafka/client.ts';
import { createTopicsAndWait } from '../../services/lib/kafka/create-topics.ts';
import { topicName, topicSpecs } from '../../services/lib/kafka/topics.ts';
import { createLogger } from '../../services/lib/log/logger.ts';
import { stackStatus } from '../../services/stack/index.ts';

// Integration: assumes `pga up` ran with the same PGA_* environment (`make test` starts the stack first).

const cfg = loadStackConfig();
const log = createLogger('test-stack', 'silent');

describe('the running local stack', () => {
  let admin: Admin;

  before(async () => {
    const status = await stackStatus(cfg);
    if (status.state !== 'running') {
      throw new Error(
        `the local stack is ${status.state}: run ./bin/pga.js up first (test/stack/stack.test.ts is an integration test)`,
      );
    }
    admin = createKafka({ brokers: cfg.kafkaBrokers, clientId: 'test-stack', logger: log }).admin();
    await admin.connect();
  });

  after(async () => {
    await admin?.disconnect();
  });

  it('says running, with both parts answering', async () => {
    const s = await stackStatus(cfg);
    assert.equal(s.state, 'running');
    assert.equal(s.kafka.state, 'running');
    assert.equal(s.postgres.state, 'running');
    assert.deepEqual(s.kafka.missingTopics, []);
  });

  it('has every topic with its partition count and configs', async () => {
    const specs = topicSpecs();
    const names = specs.map((s) => topicName(cfg.topicPrefix, s.stream));
    const meta = await admin.fetchTopicMetadata({ topics: names });
    const partitions = new Map(meta.topics.map((t) => [t.name, t.partitions.length]));
    for (const s of specs) {
      const name = topicName(cfg.topicPrefix, s.stream);
      assert.equal(partitions.get(name), s.partitions, name);
    }
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: 2, name: topicName(cfg.topicPrefix, 'recommendations.v1'), configNames: ['cleanup.policy'] },
      ],
    });
    assert.equal(described.resources[0]?.configEntries[0]?.configValue, 'compact,delete');
  });

  it('round-trips zstd-compressed messages through a consumer group (KafkaJS against this broker)', async () => {
    const topic = `test.stack.${randomUUID()}`;
    await createTopicsAndWait(admin, [{ topic, numPartitions: 2, replicationFactor: 1 }]);
    const kafka = createKafka({ brokers: cfg.kafkaBrokers, clientId: 'test-stack', logger: log });
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: `test-stack-${randomUUID()}` });
    try {
      await producer.connect();
      const sent = Array.from({ length: 20 }, (_, i) => ({ key: `server-${i % 3}`, value: `batch ${i}` }));
      await producer.send({ topic, compression: CompressionTypes.ZSTD, messages: sent });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const got: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${got.length} of 20 messages in 20 s`)),
          20_000,
        );
        void consumer.run({
          eachMessage: async ({ message }) => {
            got.push(message.value?.toString() ?? '');
            if (got.length === sent.length) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
      assert.deepEqual(got.sort(), sent.map((m) => m.value).sort());
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] });
    }
  });

  it('has PostgreSQL answering with pg_stat_statements loaded and recording', async () => {
    const client = new pg.Client({ connectionString: cfg.databaseUrl });
    await client.connect();
    try {
      const preload = await client.query<{ v: string }>(
        "SELECT current_setting('shared_preload_libraries') AS v",
      );
      assert.match(preload.rows[0]!.v, /pg_stat_statements/);
      const ext = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'");
      assert.equal(ext.rowCount, 1);
      // The query id ignores aliases and comments, so a unique marker must be a relation of its own.
      const table = `pga_stack_probe_${randomUUID().replace(/-/g, '')}`;
      await client.query(`CREATE TEMP TABLE ${table} (v int)`);
      await client.query(`SELECT count(*) FROM ${table}`);
      const seen = await client.query('SELECT calls FROM pg_stat_statements WHERE query = $1', [
        `SELECT count(*) FROM ${table}`,
      ]);
      assert.equal(seen.rowCount, 1);
      if (!cfg.externalDatabase) {
        const v = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
        assert.ok(Number(v.rows[0]!.v) >= 180000, 'the embedded PostgreSQL is 18');
      }
    } finally {
      await client.end();
    }
  });
});
