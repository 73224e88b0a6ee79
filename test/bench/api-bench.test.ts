import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runApiBench } from '../../services/bench/index.ts';
import { loadStackConfig } from '../../services/lib/config/stack.ts';
import { quietLogger } from '../support/pipeline-env.ts';

// `pga bench api` end to end on the real stack with a tiny fleet and short runs. Speed is never asserted:
// only that the data is loaded exactly, every run answered without errors, the output has the documented
// shape, and the database is removed.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEYS = ['top_queries_24h_p99_ms', 'top_queries_30d_p99_ms', 'rps'];

test('loads the rows exactly, drives the four runs, reports, and removes its database', async () => {
  const lines: string[] = [];
  const report = await runApiBench({
    rows: 20_000,
    servers: 5,
    days: 3,
    intervalMin: 10,
    durationS: 2,
    connections: 10,
    logger: quietLogger,
    progress: (line) => lines.push(line),
  });
  assert.equal(report.dataset.rows, 20_000);
  assert.deepEqual(Object.keys(report.result), KEYS);
  for (const key of KEYS) {
    const v = report.result[key as keyof typeof report.result];
    assert.ok(Number.isFinite(v) && v >= 0, `${key} = ${v}`);
  }
  assert.deepEqual(
    report.scenarios.map((s) => s.name),
    ['top 24h per server', 'top 24h fleet-wide', 'top 30d per server', 'top 30d fleet-wide'],
  );
  for (const s of report.scenarios) {
    assert.ok(s.requests > 0, `${s.name}: no requests`);
    assert.equal(s.errors + s.non2xx, 0);
  }
  assert.ok(lines.some((l) => l.startsWith('load')));

  const client = new pg.Client({ connectionString: loadStackConfig().databaseUrl });
  await client.connect();
  try {
    const res = await client.query('SELECT datname FROM pg_database WHERE datname = $1', [report.database]);
    assert.deepEqual(res.rows, []);
  } finally {
    await client.end();
  }
});

test('pga bench api --json prints one JSON line with the documented keys', async () => {
  const args = [
    'bench',
    'api',
    '--rows',
    '5000',
    '--servers',
    '3',
    '--days',
    '2',
    '--duration',
    '1',
    '--connections',
    '4',
  ];
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/pga.js'), ...args, '--json'], {
    cwd: ROOT,
    env: { ...process.env, PGA_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  assert.equal(code, 0, err);
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 1, out);
  assert.deepEqual(Object.keys(JSON.parse(lines[0] as string) as object), KEYS);
  assert.match(err, /bench: load/);
});
