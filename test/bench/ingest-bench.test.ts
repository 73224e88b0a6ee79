import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runIngestBench } from '../../services/bench/index.ts';
import { loadStackConfig } from '../../services/lib/config/stack.ts';
import { createKafka } from '../../services/lib/kafka/client.ts';
import { quietLogger } from '../support/pipeline-env.ts';

// `pga bench ingest` end to end on the real stack with a small row count. Speed is never asserted: only
// that the run is complete (every produced row stored once and loaded by psql), its output has the
// documented shape, and it leaves nothing behind.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEYS = ['rows', 'pipeline_rows_per_s', 'raw_copy_rows_per_s', 'ratio', 'p99_batch_visible_ms'];

test('every produced row goes through the pipeline and the raw COPY, and everything is removed', async () => {
  const lines: string[] = [];
  const report = await runIngestBench({
    rows: 20_000,
    liveSeconds: 3,
    liveServers: 5,
    logger: quietLogger,
    progress: (line) => lines.push(line),
  });
  assert.ok(report.produced >= 20_000, `${report.produced} rows produced`);
  assert.equal(report.stored, report.produced);
  assert.equal(report.rawCopied, report.produced);
  assert.equal(report.result.rows, report.produced);
  assert.ok(report.liveRows > 0);
  assert.deepEqual(Object.keys(report.result), KEYS);
  assert.ok(report.result.pipeline_rows_per_s > 0 && report.result.raw_copy_rows_per_s > 0);
  assert.ok(
    typeof report.result.p99_batch_visible_ms === 'number' && report.result.p99_batch_visible_ms >= 0,
  );
  assert.ok(
    lines.some((l) => l.startsWith('pipeline')),
    'progress lines name their phase',
  );

  const stack = loadStackConfig();
  const admin = createKafka({
    brokers: stack.kafkaBrokers,
    clientId: 'test-bench',
    logger: quietLogger,
  }).admin();
  await admin.connect();
  try {
    const left = (await admin.listTopics()).filter((t) => t.startsWith(`${report.topicPrefix}.`));
    assert.deepEqual(left, []);
  } finally {
    await admin.disconnect();
  }
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const res = await client.query('SELECT datname FROM pg_database WHERE datname = ANY($1)', [
      report.databases,
    ]);
    assert.deepEqual(res.rows, []);
  } finally {
    await client.end();
  }
});

test('pga bench ingest --json prints one JSON line with the documented keys', async () => {
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin/pga.js'),
      'bench',
      'ingest',
      '--rows',
      '5000',
      '--live-seconds',
      '2',
      '--live-servers',
      '2',
      '--json',
    ],
    { cwd: ROOT, env: { ...process.env, PGA_LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  assert.equal(code, 0, err);
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 1, out);
  const result = JSON.parse(lines[0] as string) as Record<string, unknown>;
  assert.deepEqual(Object.keys(result), KEYS);
  assert.ok((result.rows as number) >= 5000);
  assert.match(err, /bench: pipeline/);
});
