import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApiEnv, type ApiEnv } from '../support/api-env.ts';
import { assertError } from './helpers.ts';

// GET /api/v1/audit: admins read the log of writes and authentication failures, filtered and paginated.

let env: ApiEnv;
before(async () => {
  env = await createApiEnv();
  await env.request('POST', '/api/v1/auth/login', {
    body: { email: env.users.viewer.email, password: 'wrong-one' },
  });
  await env.request('POST', '/api/v1/auth/login', {
    body: { email: env.users.viewer.email, password: env.users.viewer.password },
  });
  await env.request('POST', '/api/v1/tokens', { token: env.tokens.operator, body: { name: 'a' } });
  await env.request('GET', '/api/v1/auth/me', { token: 'not-a-token' });
});
after(() => env?.close());

const get = (query: string, token = env.tokens.admin) =>
  env.request('GET', `/api/v1/audit${query}`, { token });

test('newest first, with actor, ip, outcome and details', async () => {
  const res = await get('');
  assert.equal(res.status, 200);
  const actions = res.body.items.map((e: { action: string }) => e.action);
  assert.deepEqual(actions, ['auth.token', 'token.create', 'auth.login', 'auth.login']);
  const [bad, token, ok, failed] = res.body.items;
  assert.equal(bad.outcome, 'failure');
  assert.equal(bad.actor_kind, 'anonymous');
  assert.equal(token.actor_id, env.users.operator.id);
  assert.equal(ok.outcome, 'success');
  assert.equal(ok.actor_id, env.users.viewer.id);
  assert.equal(failed.outcome, 'failure');
  assert.match(failed.ip, /127\.0\.0\.1|::1/);
  assert.ok(Date.parse(failed.at) <= Date.parse(ok.at));
});

test('filters: action (exact and prefix), actor, outcome, time range', async () => {
  assert.equal((await get('?action=auth.login')).body.items.length, 2);
  assert.equal((await get('?action=auth.*')).body.items.length, 3);
  assert.equal((await get('?action=auth.login&outcome=failure')).body.items.length, 1);
  const byActor = await get(`?actor=${env.users.operator.id}`);
  assert.deepEqual(
    byActor.body.items.map((e: { action: string }) => e.action),
    ['token.create'],
  );
  const future = new Date(Date.now() + 3_600_000).toISOString();
  assert.equal((await get(`?from=${encodeURIComponent(future)}`)).body.items.length, 0);
  const past = new Date(Date.now() - 3_600_000).toISOString();
  assert.equal(
    (await get(`?from=${encodeURIComponent(past)}&to=${encodeURIComponent(future)}`)).body.items.length,
    4,
  );
});

test('cursor pagination', async () => {
  const first = await get('?limit=3');
  assert.equal(first.body.items.length, 3);
  assert.ok(first.body.next_cursor);
  const second = await get(`?limit=3&cursor=${first.body.next_cursor}`);
  assert.ok(second.body.items.length >= 1);
  assert.ok(second.body.items[0].audit_id < first.body.items[2].audit_id);
});

test('validation failures', async () => {
  for (const q of [
    '?from=yesterday',
    '?action=AUTH LOGIN',
    '?outcome=maybe',
    '?limit=100000',
    '?who=me',
    '?cursor=!!',
  ]) {
    assertError(await get(q), 400);
  }
  const now = new Date().toISOString();
  assertError(await get(`?from=${encodeURIComponent(now)}&to=${encodeURIComponent(now)}`), 400);
});

test('admins only', async () => {
  assertError(await env.request('GET', '/api/v1/audit'), 401);
  assertError(await get('', env.tokens.viewer), 403);
  assertError(await get('', env.tokens.operator), 403);
});
