import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { withDatabase } from '../../services/migrate/connect.ts';
import { migrate } from '../../services/migrate/migrate.ts';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { TEST_JWT_KEYS } from '../support/api-env.ts';

// `pga user add` and `pga api` as an operator runs them: prompt-free, no secret printed, SIGTERM stops.

const PGA = new URL('../../bin/pga.js', import.meta.url).pathname;
let db: ScratchDatabase;
before(async () => {
  db = await createScratchDatabase();
  await withDatabase(db.url, (s) => migrate(s, { mode: 'plain' }));
});
after(() => db?.drop());

function pga(args: string[], env: Record<string, string>, stdin?: string) {
  const child = spawn(process.execPath, [PGA, ...args], {
    env: { ...process.env, PGA_DATABASE_URL: db.url, PGA_LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin ?? '');
  return {
    child,
    out: () => stdout,
    done: once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr })),
  };
}

test('pga user add: prints the new id only, never the password; refuses duplicates and weak input', async () => {
  const password = 'stdin-password-123';
  const r = await pga(
    ['user', 'add', '--email', 'Ops@Example.test', '--role', 'operator', '--password-stdin'],
    {},
    `${password}\n`,
  ).done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.trim(), /^[0-9a-f-]{36}$/);
  assert.ok(!r.stdout.includes(password) && !r.stderr.includes(password));
  const { client, close } = await db.connect();
  const row = await client.query('SELECT email, role FROM users WHERE user_id = $1', [r.stdout.trim()]);
  assert.deepEqual(row.rows[0], { email: 'ops@example.test', role: 'operator' });
  await close();

  const again = await pga(['user', 'add', '--email', 'ops@example.test', '--role', 'viewer'], {
    PGA_USER_PASSWORD: 'env-password-1234',
  }).done;
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists/);
  const weak = await pga(
    ['user', 'add', '--email', 'x@example.test', '--role', 'viewer', '--password-stdin'],
    {},
    'short',
  ).done;
  assert.equal(weak.code, 1);
  assert.match(weak.stderr, /12 characters/);
  const none = await pga(['user', 'add', '--email', 'x@example.test', '--role', 'viewer'], {
    PGA_USER_PASSWORD: '',
  }).done;
  assert.equal(none.code, 1);
  assert.match(none.stderr, /--password-stdin|PGA_USER_PASSWORD/);
  const role = await pga(['user', 'add', '--email', 'x@example.test', '--role', 'root'], {
    PGA_USER_PASSWORD: 'env-password-1234',
  }).done;
  assert.equal(role.code, 1);
});

test('pga api: creates the first admin from the environment, serves, stops on SIGTERM', async () => {
  const run = pga(['api', '--port', '0'], {
    PGA_API_JWT_KEYS: `${TEST_JWT_KEYS[0]!.kid}:${TEST_JWT_KEYS[0]!.secret}`,
    PGA_API_ADMIN_EMAIL: 'first@example.test',
    PGA_API_ADMIN_PASSWORD: 'first-admin-password',
  });
  let port: number | undefined;
  for (let i = 0; i < 200 && port === undefined; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const line = run
      .out()
      .split('\n')
      .find((l) => l.includes('"api listening"'));
    if (line) port = JSON.parse(line).port;
  }
  assert.ok(port, `the API did not start: ${run.out()}`);
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'first@example.test', password: 'first-admin-password' }),
  });
  assert.equal(login.status, 200);
  assert.equal(((await login.json()) as { role: string }).role, 'admin');
  run.child.kill('SIGTERM');
  const r = await run.done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /api stopped/);
  assert.ok(!r.stdout.includes('first-admin-password') && !r.stdout.includes(TEST_JWT_KEYS[0]!.secret));
});

test('pga api refuses to start without signing keys, or on a database that is not migrated', async () => {
  const nokeys = await pga(['api', '--port', '0'], { PGA_API_JWT_KEYS: '' }).done;
  assert.equal(nokeys.code, 1);
  assert.match(nokeys.stderr, /PGA_API_JWT_KEYS/);
  const empty = await createScratchDatabase();
  try {
    const r = await pga(['api', '--port', '0'], {
      PGA_DATABASE_URL: empty.url,
      PGA_API_JWT_KEYS: `k:${'s'.repeat(40)}`,
    }).done;
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pga migrate/);
  } finally {
    await empty.drop();
  }
});
