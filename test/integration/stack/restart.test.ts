import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadStackConfig, type StackConfig } from '../../../services/lib/config/stack.ts';
import { createKafka } from '../../../services/lib/kafka/client.ts';
import { createLogger } from '../../../services/lib/log/logger.ts';
import {
  down,
  kafkaPid,
  postgresPid,
  stackPaths,
  stackStatus,
  startKafka,
  startPostgres,
  stopKafka,
  stopPostgres,
  up,
} from '../../../services/stack/index.ts';
import { isAlive } from '../../../services/stack/process-control.ts';

// Integration: a second, private stack (own PGA_HOME and free ports) so the shared one other tests use is
// never disturbed. It proves what tests of the ingest path rely on: up is idempotent, and the broker and the
// database can be stopped and started again, repeatedly, without losing data.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('a private stack, restarted part by part', { timeout: 240_000 }, () => {
  const log = createLogger('test-restart', 'silent');
  let cfg: StackConfig;
  const topic = 'pgatest.metrics.statements.v1';

  before(async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pga-stack-'));
    fs.chmodSync(home, 0o755); // PostgreSQL's OS user must reach it when the tests run as root
    const [k, c, p] = [await freePort(), await freePort(), await freePort()];
    cfg = loadStackConfig({
      PGA_HOME: home,
      PGA_KAFKA_PORT: String(k),
      PGA_KAFKA_CONTROLLER_PORT: String(c),
      PGA_PG_PORT: String(p),
      PGA_TOPIC_PREFIX: 'pgatest',
    });
  });

  after(async () => {
    if (cfg) await down(cfg, log, { purge: true, postgresMode: 'immediate' });
    if (cfg) fs.rmSync(cfg.home, { recursive: true, force: true });
  });

  it('comes up, then a second up finds everything in place', async () => {
    const first = await up(cfg, log);
    assert.equal(first.kafka.alreadyRunning, false);
    assert.equal(first.postgres.alreadyRunning, false);
    assert.ok(first.topics.created.includes(topic));
    const second = await up(cfg, log);
    assert.equal(second.kafka.pid, first.kafka.pid);
    assert.equal(second.postgres.pid, first.postgres.pid);
    assert.deepEqual(second.topics.created, []);
    assert.equal((await stackStatus(cfg)).state, 'running');
  });

  it('restarts the broker twice and keeps the messages', async () => {
    const kafka = createKafka({ brokers: cfg.kafkaBrokers, clientId: 'test-restart', logger: log });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 's1', value: 'before restart' }] });
    await producer.disconnect();

    for (let round = 0; round < 2; round++) {
      const pid = kafkaPid(cfg);
      assert.ok(pid);
      assert.deepEqual(await stopKafka(cfg, log), { stopped: true });
      assert.equal(kafkaPid(cfg), undefined);
      // isAlive, not kill(pid, 0): the JVM is this process's child, a zombie until Node reaps it.
      assert.equal(isAlive(pid), false, 'the JVM is gone when stopKafka resolves');
      assert.deepEqual(await stopKafka(cfg, log), { stopped: false }, 'stopping twice is harmless');
      assert.equal((await stackStatus(cfg)).kafka.state, 'stopped');
      const restarted = await startKafka(cfg, log);
      assert.equal(restarted.alreadyRunning, false);
    }

    const offsets = await (async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return await admin.fetchTopicOffsets(topic);
      } finally {
        await admin.disconnect();
      }
    })();
    assert.equal(
      offsets.reduce((n, p) => n + Number(p.high), 0),
      1,
    );
  });

  it('restarts PostgreSQL (immediate, then fast) and keeps committed rows', async () => {
    const query = async (sql: string) => {
      const c = new pg.Client({ connectionString: cfg.databaseUrl });
      await c.connect();
      try {
        return await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await query('CREATE TABLE IF NOT EXISTS restart_probe (v int); INSERT INTO restart_probe VALUES (1)');
    for (const mode of ['immediate', 'fast'] as const) {
      const pid = postgresPid(cfg);
      assert.ok(pid);
      assert.deepEqual(await stopPostgres(cfg, log, { mode }), { stopped: true });
      assert.equal(postgresPid(cfg), undefined);
      assert.deepEqual(await stopPostgres(cfg, log, { mode }), { stopped: false });
      await assert.rejects(query('SELECT 1'));
      const again = await startPostgres(cfg, log);
      assert.equal(again.alreadyRunning, false);
      assert.notEqual(again.pid, pid);
    }
    const rows = await query('SELECT count(*)::int AS n FROM restart_probe');
    assert.equal(rows.rows[0].n, 1);
  });

  it('goes down, keeps the data without --purge, and deletes it with --purge', async () => {
    await down(cfg, log);
    assert.equal((await stackStatus(cfg)).state, 'stopped');
    const paths = stackPaths(cfg);
    assert.ok(fs.existsSync(path.join(paths.pgData, 'PG_VERSION')));
    assert.ok(fs.existsSync(path.join(paths.kafkaDataDir, 'meta.properties')));
    await down(cfg, log, { purge: true });
    assert.equal(fs.existsSync(paths.pgData), false);
    assert.equal(fs.existsSync(paths.kafkaDir), false);
  });
});
