import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApiEnv, type ApiEnv } from '../support/api-env.ts';
import { assertError } from './helpers.ts';

// User management (admin only).

let env: ApiEnv;
before(async () => {
  env = await createApiEnv({ env: { PGA_API_MAX_PAGE: '2' } });
});
after(() => env?.close());

const asAdmin = (method: string, path: string, body?: unknown) =>
  env.request(method, path, { token: env.tokens.admin, body });

test('create, read, list (paginated), update, delete — each write audited', async () => {
  const created = await asAdmin('POST', '/api/v1/users', {
    email: 'New.Person@Example.test',
    password: 'a-long-password-1',
    role: 'viewer',
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.email, 'new.person@example.test');
  assert.equal(created.body.role, 'viewer');
  assert.equal(created.body.disabled, false);
  assert.equal('password_hash' in created.body, false);
  const id = created.body.user_id as string;

  const one = await asAdmin('GET', `/api/v1/users/${id}`);
  assert.deepEqual(one.body, created.body);

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await asAdmin('GET', `/api/v1/users${cursor ? `?cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length <= 2);
    seen.push(...page.body.items.map((u: { email: string }) => u.email));
    cursor = page.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, [...seen].sort());
  assert.ok(seen.includes('new.person@example.test'));
  assert.equal(new Set(seen).size, seen.length);

  const promoted = await asAdmin('PATCH', `/api/v1/users/${id}`, { role: 'operator' });
  assert.equal(promoted.status, 200);
  assert.equal(promoted.body.role, 'operator');
  const disabled = await asAdmin('PATCH', `/api/v1/users/${id}`, { disabled: true });
  assert.equal(disabled.body.disabled, true);
  assert.ok(disabled.body.disabled_at);

  const reset = await asAdmin('PATCH', `/api/v1/users/${id}`, {
    disabled: false,
    password: 'another-password-2',
  });
  assert.equal(reset.body.disabled, false);
  const login = await env.request('POST', '/api/v1/auth/login', {
    body: { email: 'new.person@example.test', password: 'another-password-2' },
  });
  assert.equal(login.status, 200);
  assert.equal(login.body.role, 'operator');

  assert.equal((await asAdmin('DELETE', `/api/v1/users/${id}`)).status, 204);
  assertError(await asAdmin('GET', `/api/v1/users/${id}`), 404, 'NOT_FOUND');
  assertError(await asAdmin('DELETE', `/api/v1/users/${id}`), 404);

  const audit = await env.pool.query(
    "SELECT action, details FROM audit_log WHERE target = $1 AND actor_id = $2 AND outcome = 'success' ORDER BY audit_id",
    [id, env.users.admin.id],
  );
  assert.deepEqual(
    audit.rows.map((r) => r.action),
    ['user.create', 'user.update', 'user.update', 'user.update', 'user.delete'],
  );
  assert.equal(audit.rows[3].details.password, 'changed', 'the password itself is never audited');
});

test('a duplicate e-mail → 409', async () => {
  const res = await asAdmin('POST', '/api/v1/users', {
    email: env.users.viewer.email.toUpperCase(),
    password: 'a-long-password-1',
    role: 'viewer',
  });
  assertError(res, 409, 'CONFLICT');
});

test('an admin cannot delete, disable or demote themselves', async () => {
  const self = `/api/v1/users/${env.users.admin.id}`;
  assertError(await asAdmin('DELETE', self), 409);
  assertError(await asAdmin('PATCH', self, { disabled: true }), 409);
  assertError(await asAdmin('PATCH', self, { role: 'viewer' }), 409);
  assert.equal((await asAdmin('GET', self)).body.role, 'admin');
});

test('disabling a user suspends their API tokens and ends their sessions', async () => {
  const created = await asAdmin('POST', '/api/v1/users', {
    email: 'tokens@example.test',
    password: 'a-long-password-1',
    role: 'operator',
  });
  const session = await env.request('POST', '/api/v1/auth/login', {
    body: { email: 'tokens@example.test', password: 'a-long-password-1' },
  });
  const tok = await env.request('POST', '/api/v1/tokens', {
    token: session.body.access_token,
    body: { name: 'automation' },
  });
  assert.equal((await env.request('GET', '/api/v1/auth/me', { token: tok.body.token })).status, 200);
  await asAdmin('PATCH', `/api/v1/users/${created.body.user_id}`, { disabled: true });
  assertError(await env.request('GET', '/api/v1/auth/me', { token: tok.body.token }), 401);
  assertError(
    await env.request('POST', '/api/v1/auth/refresh', {
      body: { refresh_token: session.body.refresh_token },
    }),
    401,
  );
});

test('demoting a user lowers the role of their API tokens too', async () => {
  const created = await asAdmin('POST', '/api/v1/users', {
    email: 'demoted@example.test',
    password: 'a-long-password-1',
    role: 'admin',
  });
  const session = await env.request('POST', '/api/v1/auth/login', {
    body: { email: 'demoted@example.test', password: 'a-long-password-1' },
  });
  const tok = await env.request('POST', '/api/v1/tokens', {
    token: session.body.access_token,
    body: { name: 'admin automation' },
  });
  assert.equal(tok.body.role, 'admin');
  await asAdmin('PATCH', `/api/v1/users/${created.body.user_id}`, { role: 'viewer' });
  const me = await env.request('GET', '/api/v1/auth/me', { token: tok.body.token });
  assert.equal(me.body.role, 'viewer');
  assertError(await env.request('GET', '/api/v1/users', { token: tok.body.token }), 403);
});

test('validation failures', async () => {
  const bad = [
    { email: 'not-an-email', password: 'a-long-password-1', role: 'viewer' },
    { email: 'a@example.test', password: 'short', role: 'viewer' },
    { email: 'a@example.test', password: 'a-long-password-1', role: 'root' },
    { email: 'a@example.test', password: 'a-long-password-1', role: 'viewer', admin: true },
  ];
  for (const body of bad) assertError(await asAdmin('POST', '/api/v1/users', body), 400, 'VALIDATION_FAILED');
  assertError(await asAdmin('PATCH', `/api/v1/users/${env.users.viewer.id}`, {}), 400);
  assertError(await asAdmin('PATCH', `/api/v1/users/${env.users.viewer.id}`, { email: 'x@y.z' }), 400);
  assertError(await asAdmin('GET', '/api/v1/users/not-a-uuid'), 400);
  assertError(await asAdmin('GET', '/api/v1/users?limit=3'), 400);
  assertError(await asAdmin('GET', '/api/v1/users?limit=0'), 400);
  assertError(await asAdmin('GET', '/api/v1/users?sort=email'), 400);
  assertError(await asAdmin('GET', '/api/v1/users?cursor=bm90LWEtY3Vyc29y'), 400, 'INVALID_CURSOR');
});

test('auth failures: none → 401, viewer/operator → 403', async () => {
  assertError(await env.request('GET', `/api/v1/users/${env.users.viewer.id}`), 401);
  assertError(
    await env.request('PATCH', `/api/v1/users/${env.users.viewer.id}`, { body: { role: 'admin' } }),
    401,
  );
  for (const token of [env.tokens.viewer, env.tokens.operator]) {
    assertError(
      await env.request('PATCH', `/api/v1/users/${env.users.viewer.id}`, { token, body: { role: 'admin' } }),
      403,
    );
  }
  const still = await asAdmin('GET', `/api/v1/users/${env.users.viewer.id}`);
  assert.equal(still.body.role, 'viewer');
});
