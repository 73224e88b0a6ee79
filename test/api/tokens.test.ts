import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApiEnv, type ApiEnv } from '../support/api-env.ts';
import { assertError } from './helpers.ts';

// API tokens: the secret once, never listed; role at most the creator's; own tokens only unless admin.

let env: ApiEnv;
before(async () => {
  env = await createApiEnv();
});
after(() => env?.close());

test('create returns the secret once; it authenticates with the token’s role; last use recorded', async () => {
  const res = await env.request('POST', '/api/v1/tokens', {
    token: env.tokens.operator,
    body: { name: 'grafana', role: 'viewer', expires_in_days: 30 },
  });
  assert.equal(res.status, 201);
  assert.match(res.body.token, /^pga_[A-Za-z0-9_-]{43}$/);
  assert.equal(res.body.role, 'viewer');
  assert.equal(res.body.user_id, env.users.operator.id);
  assert.ok(Date.parse(res.body.expires_at) > Date.now() + 29 * 86_400_000);
  const me = await env.request('GET', '/api/v1/auth/me', { token: res.body.token });
  assert.deepEqual(me.body, {
    kind: 'apitoken',
    token_id: res.body.token_id,
    user_id: env.users.operator.id,
    role: 'viewer',
  });
  const stored = await env.pool.query('SELECT token_hash, last_used_at FROM api_tokens WHERE token_id = $1', [
    res.body.token_id,
  ]);
  assert.equal(stored.rows[0].token_hash.length, 32);
  assert.ok(!stored.rows[0].token_hash.toString('utf8').includes(res.body.token));
  // The use is recorded after the answer, off the request's path.
  for (let i = 0; i < 50 && !(await lastUsed(res.body.token_id)); i++)
    await new Promise((r) => setTimeout(r, 20));
  assert.ok(await lastUsed(res.body.token_id));

  const list = await env.request('GET', '/api/v1/tokens', { token: env.tokens.operator });
  assert.equal(list.status, 200);
  const listed = list.body.items.find((t: { token_id: string }) => t.token_id === res.body.token_id);
  assert.ok(listed);
  assert.equal('token' in listed, false, 'the secret is never listed');
  assert.doesNotMatch(JSON.stringify(list.body), /pga_[A-Za-z0-9_-]{43}/);
});

async function lastUsed(id: string): Promise<Date | null> {
  const r = await env.pool.query('SELECT last_used_at FROM api_tokens WHERE token_id = $1', [id]);
  return r.rows[0].last_used_at;
}

test('a token cannot have a higher role than its creator', async () => {
  assertError(
    await env.request('POST', '/api/v1/tokens', {
      token: env.tokens.viewer,
      body: { name: 'x', role: 'operator' },
    }),
    403,
  );
  assertError(
    await env.request('POST', '/api/v1/tokens', {
      token: env.tokens.operator,
      body: { name: 'x', role: 'admin' },
    }),
    403,
  );
  const viaToken = await env.request('POST', '/api/v1/tokens', {
    token: env.tokens.viewer,
    body: { name: 'v' },
  });
  assertError(
    await env.request('POST', '/api/v1/tokens', {
      token: viaToken.body.token,
      body: { name: 'y', role: 'admin' },
    }),
    403,
  );
});

test('non-admins see and revoke only their own tokens; admins all', async () => {
  const mine = await env.request('POST', '/api/v1/tokens', {
    token: env.tokens.viewer,
    body: { name: 'mine' },
  });
  const theirs = await env.request('POST', '/api/v1/tokens', {
    token: env.tokens.operator,
    body: { name: 'theirs' },
  });

  const viewerList = await env.request('GET', '/api/v1/tokens', { token: env.tokens.viewer });
  assert.ok(viewerList.body.items.every((t: { user_id: string }) => t.user_id === env.users.viewer.id));
  assertError(
    await env.request('GET', `/api/v1/tokens?user_id=${env.users.operator.id}`, { token: env.tokens.viewer }),
    403,
  );
  assertError(
    await env.request('DELETE', `/api/v1/tokens/${theirs.body.token_id}`, { token: env.tokens.viewer }),
    404,
  );
  assert.equal((await env.request('GET', '/api/v1/auth/me', { token: theirs.body.token })).status, 200);

  const adminList = await env.request('GET', `/api/v1/tokens?user_id=${env.users.operator.id}`, {
    token: env.tokens.admin,
  });
  assert.ok(adminList.body.items.some((t: { token_id: string }) => t.token_id === theirs.body.token_id));
  assert.ok(adminList.body.items.every((t: { user_id: string }) => t.user_id === env.users.operator.id));

  assert.equal(
    (await env.request('DELETE', `/api/v1/tokens/${mine.body.token_id}`, { token: env.tokens.viewer }))
      .status,
    204,
  );
  assert.equal(
    (await env.request('DELETE', `/api/v1/tokens/${theirs.body.token_id}`, { token: env.tokens.admin }))
      .status,
    204,
  );
  assertError(await env.request('GET', '/api/v1/auth/me', { token: theirs.body.token }), 401);

  const audit = await env.pool.query(
    "SELECT action, actor_id FROM audit_log WHERE target = $1 AND action LIKE 'token.%' ORDER BY audit_id",
    [theirs.body.token_id],
  );
  assert.deepEqual(audit.rows, [
    { action: 'token.create', actor_id: env.users.operator.id },
    { action: 'token.revoke', actor_id: env.users.admin.id },
  ]);
});

test('pagination over tokens, newest first, without repeats', async () => {
  for (let i = 0; i < 5; i++)
    await env.request('POST', '/api/v1/tokens', { token: env.tokens.admin, body: { name: `p${i}` } });
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await env.request('GET', `/api/v1/tokens?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
      token: env.tokens.admin,
    });
    assert.equal(page.status, 200);
    ids.push(...page.body.items.map((t: { token_id: string }) => t.token_id));
    cursor = page.body.next_cursor;
  } while (cursor);
  const all = await env.pool.query(
    'SELECT token_id::text FROM api_tokens ORDER BY created_at DESC, token_id DESC',
  );
  assert.deepEqual(
    ids,
    all.rows.map((r) => r.token_id),
  );
});

test('validation and auth failures', async () => {
  for (const body of [
    {},
    { name: '' },
    { name: 'x', role: 'root' },
    { name: 'x', expires_in_days: 0 },
    { name: 'x', secret: 'y' },
  ])
    assertError(await env.request('POST', '/api/v1/tokens', { token: env.tokens.admin, body }), 400);
  assertError(await env.request('DELETE', '/api/v1/tokens/not-a-uuid', { token: env.tokens.admin }), 400);
  assertError(
    await env.request('DELETE', '/api/v1/tokens/00000000-0000-4000-8000-000000000000', {
      token: env.tokens.admin,
    }),
    404,
  );
  assertError(await env.request('GET', '/api/v1/tokens?limit=abc', { token: env.tokens.admin }), 400);
  assertError(await env.request('POST', '/api/v1/tokens', { body: { name: 'x' } }), 401);
  assertError(await env.request('GET', '/api/v1/tokens'), 401);
  assertError(await env.request('DELETE', '/api/v1/tokens/00000000-0000-4000-8000-000000000000'), 401);
});
