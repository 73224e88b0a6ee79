import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { TOP_QUERIES_SQL } from '../../services/demo/index.ts';
import { loadStackConfig } from '../../services/lib/config/stack.ts';
import { createKafka } from '../../services/lib/kafka/client.ts';
import { createLogger } from '../../services/lib/log/logger.ts';
import { isPortOpen } from '../../services/stack/ports.ts';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';

// `pga demo` as a person runs it, as a child process, against the running stack (`pga up`): a fresh topic
// prefix (created by the demo's own `up`), a fresh consumer group and a scratch database (PGA_DATABASE_URL,
// so `up` treats it as external and nothing of the stack is stopped). Skipped when the stack is not running.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stack = loadStackConfig();
const [kafkaHost, kafkaPort] = stack.kafkaBrokers[0]!.split(':');
const stackUp =
  (await isPortOpen(Number(kafkaPort), kafkaHost)) &&
  (await isPortOpen(Number(new URL(stack.databaseUrl).port || 5432), new URL(stack.databaseUrl).hostname));

interface Run {
  code: number | null;
  output: string;
  seconds: number;
}

function runDemo(
  args: string[],
  env: Record<string, string>,
  opts: { interruptWhen?: RegExp; timeoutMs?: number } = {},
): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/pga.js'), 'demo', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let interrupted = false;
  const keep = (d: Buffer) => {
    output += d.toString();
    if (opts.interruptWhen && !interrupted && opts.interruptWhen.test(output)) {
      interrupted = true;
      child.kill('SIGINT');
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (Date.now() - started) / 1000 });
    }),
  );
}

/** The "total" figure of every progress block, in order. */
function totals(output: string): number[] {
  return [...output.matchAll(/^\s+total\s+([\d,]+)/gm)].map((m) => Number(m[1]!.replace(/,/g, '')));
}

describe(
  'pga demo',
  { skip: stackUp ? false : 'the stack is not running (pga up)', timeout: 300_000 },
  () => {
    const prefix = `t-demo-${randomBytes(4).toString('hex')}`;
    const group = `g-${prefix}`;
    let db: ScratchDatabase;
    let env: Record<string, string>;

    before(async () => {
      db = await createScratchDatabase();
      env = {
        PGA_DATABASE_URL: db.url,
        PGA_TOPIC_PREFIX: prefix,
        PGA_INGEST_GROUP: group,
        PGA_INGEST_METRICS_PORT: '0',
        PGA_KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      };
    });

    after(async () => {
      const kafka = createKafka({
        brokers: stack.kafkaBrokers,
        clientId: 'test-demo-cleanup',
        logger: createLogger('test-demo', 'silent'),
      });
      const admin = kafka.admin();
      await admin.connect();
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
      await admin.deleteGroups([group]).catch(() => undefined);
      await admin.disconnect();
      await db?.drop();
    });

    it('runs the pipeline, shows rows arriving, and stops by itself after --duration', async () => {
      const run = await runDemo(
        ['--duration', '25', '--servers', '2', '--statements', '20', '--interval', '2', '--keep-stack'],
        env,
      );
      assert.equal(run.code, 0, run.output);
      assert.ok(run.seconds >= 25 && run.seconds < 100, `ran ${run.seconds} s\n${run.output}`);
      assert.match(run.output, new RegExp(`topics: (\\d+) topics with prefix ${prefix}: \\1 created`));
      assert.match(run.output, /database: \d+ migrations applied, storage mode (plain|timescale)/);
      assert.match(run.output, /Where to look next/);
      assert.match(run.output, /agent: pga-agent samples PostgreSQL .* under a pgbench workload/);
      assert.match(run.output, /stopping the agent/);
      assert.match(run.output, /ingest\s+http:\/\/127\.0\.0\.1:\d+\/metrics/);
      assert.match(run.output, /--duration 25 s reached: stopping/);
      assert.match(run.output, /rows produced, all of them stored/);

      const blocks = totals(run.output);
      assert.ok(blocks.length >= 4, `progress blocks: ${blocks.join(', ')}\n${run.output}`);
      assert.ok(blocks.at(-1)! > blocks[0]!, `rows keep arriving: ${blocks.join(', ')}`);

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const statements = await client.query<{ n: string }>('SELECT count(*) AS n FROM statements');
        assert.ok(Number(statements.rows[0]!.n) > 0, 'statements got rows');
        // the simulated fleet, the real agent's PostgreSQL (local:<port>) and its host (the system family)
        const servers = await client.query<{ server_id: string }>('SELECT server_id FROM servers ORDER BY 1');
        const pgPort = new URL(db.url).port || '5432';
        assert.deepEqual(
          servers.rows.map((r) => r.server_id),
          [`local:${pgPort}`, 'sim-1', 'sim-2', os.hostname()].sort(),
        );
        const agentStatements = await client.query<{ n: string }>(
          'SELECT count(*) AS n FROM database_stats WHERE server_id = $1',
          [`local:${pgPort}`],
        );
        assert.ok(Number(agentStatements.rows[0]!.n) > 0, 'the real agent sampled the stack PostgreSQL');
        const top = await client.query(TOP_QUERIES_SQL);
        assert.ok(top.rows.length > 0, 'the example query of "where to look next" answers');
        const stored = await client.query<{ n: string }>(
          'SELECT count(*) AS n FROM ingest_offsets WHERE consumer_group = $1',
          [group],
        );
        assert.ok(Number(stored.rows[0]!.n) > 0, 'offsets stored with the rows');
      } finally {
        await client.end();
      }
    });

    it('stops cleanly on Ctrl-C (SIGINT) and exits 0', async () => {
      const run = await runDemo(
        ['--servers', '1', '--statements', '10', '--interval', '2', '--keep-stack'],
        env,
        {
          interruptWhen: /^\[0:05\]/m,
        },
      );
      assert.equal(run.code, 0, run.output);
      assert.match(run.output, /database: schema up to date/);
      assert.match(run.output, /SIGINT: stopping/);
      assert.match(run.output, /simulation stopped after \d+ intervals/);
      assert.match(run.output, /stopping ingest/);
    });
  },
);
