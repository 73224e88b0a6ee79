import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApiEnv, type ApiEnv } from '../support/api-env.ts';
import { BOOTSTRAP, COLLECTOR_ENV, collectorSnapshot, registerCollector } from './collectors-helpers.ts';
import { assertError, INJECTIONS } from './helpers.ts';

// Collectors: registration with the bootstrap token, list/get (viewer), update/deregister/rotate (admin),
// heartbeat (the collector's own token only).

let env: ApiEnv;
before(async () => {
  env = await createApiEnv({ env: COLLECTOR_ENV });
});
after(() => env?.close());

const auditActions = async (target: string) =>
  (
    await env.pool.query<{ action: string; outcome: string }>(
      'SELECT action, outcome FROM audit_log WHERE target = $1 ORDER BY audit_id',
      [target],
    )
  ).rows.map((r) => `${r.action}:${r.outcome}`);

test('register: 201 with a collector token, a config URL and configuration version 1', async () => {
  const res = await env.request('POST', '/api/v1/collectors/register', {
    token: BOOTSTRAP,
    body: { name: 'pg-main', hostname: 'pg1.example.test', agent_version: '1.2.3', labels: { env: 'prod' } },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const { collector_id, token, config_url, config_version, config_etag } = res.body;
  assert.match(collector_id, /^[0-9a-f-]{36}$/);
  assert.match(token, /^pgac_[A-Za-z0-9_-]{43}$/);
  assert.equal(config_url, `/api/v1/config/${collector_id}`);
  assert.equal(config_version, 1);
  assert.match(config_etag, /^"1-[A-Za-z0-9_-]{22}"$/);
  assert.equal(res.headers.get('location'), `/api/v1/collectors/${collector_id}`);

  const stored = await env.pool.query(
    'SELECT encode(token_hash, $2) AS h FROM collector_tokens WHERE collector_id = $1',
    [collector_id, 'hex'],
  );
  assert.equal(stored.rows.length, 1);
  assert.notEqual(stored.rows[0].h, Buffer.from(token).toString('hex'), 'only the hash is stored');

  const got = await env.request('GET', `/api/v1/collectors/${collector_id}`, { token: env.tokens.viewer });
  assert.equal(got.status, 200);
  assert.equal(got.body.name, 'pg-main');
  assert.equal(got.body.hostname, 'pg1.example.test');
  assert.equal(got.body.agent_version, '1.2.3');
  assert.equal(got.body.status, 'active');
  assert.deepEqual(got.body.labels, { env: 'prod' });
  assert.equal(got.body.config_version, 1);
  assert.equal(got.body.config_etag, config_etag);
  assert.ok(Date.parse(got.body.registered_at) > 0);

  const config = await env.request('GET', config_url, { token });
  assert.equal(config.status, 200);
  assert.equal(config.body.instances[0].name, 'local');
  assert.deepEqual(await auditActions(collector_id), ['collector.register:success']);
});

test('register: wrong or missing bootstrap token → 401, audited, nothing created', async () => {
  const before = await collectorSnapshot(env.pool);
  const body = { name: 'x', hostname: 'h', agent_version: '1' };
  for (const token of [
    'wrong-bootstrap-token-0123456789abcdef',
    `${BOOTSTRAP}x`,
    env.tokens.admin,
    undefined,
  ]) {
    const res = await env.request('POST', '/api/v1/collectors/register', { token, body });
    assertError(res, 401, 'UNAUTHORIZED');
  }
  // A wrong token learns nothing about the body: still 401, not 400.
  assertError(
    await env.request('POST', '/api/v1/collectors/register', { token: 'nope', body: { bad: 1 } }),
    401,
  );
  assert.equal(await collectorSnapshot(env.pool), before);
  const failures = await env.pool.query(
    "SELECT count(*)::int AS n FROM audit_log WHERE action = 'collector.register' AND outcome = 'failure'",
  );
  assert.ok(failures.rows[0].n >= 5);
});

test('register: validation failures → 400 naming the field; unknown fields refused', async () => {
  const before = await collectorSnapshot(env.pool);
  const good = { name: 'n', hostname: 'h.example', agent_version: '1.0.0' };
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ ...good, name: '' }, /body\.name/],
    [{ ...good, name: 'x'.repeat(200) }, /body\.name/],
    [{ ...good, hostname: 'a b' }, /body\.hostname/],
    [{ ...good, agent_version: '1 0' }, /body\.agent_version/],
    [{ ...good, labels: { 'bad key!': 'v' } }, /body\.labels/],
    [{ ...good, labels: 'env=prod' }, /body\.labels/],
    [{ ...good, extra: true }, /extra/],
    [{ name: 'n' }, /body\.hostname/],
  ];
  for (const [body, message] of cases) {
    const res = await env.request('POST', '/api/v1/collectors/register', { token: BOOTSTRAP, body });
    assertError(res, 400, 'VALIDATION_FAILED');
    assert.match(res.body.error.message, message);
  }
  assertError(
    await env.request('POST', '/api/v1/collectors/register', { token: BOOTSTRAP, rawBody: '{"name":' }),
    400,
  );
  assert.equal(await collectorSnapshot(env.pool), before);
});

test('list: viewer sees collectors by name, filtered, in pages', async () => {
  for (const [name, env_] of [
    ['list-a', 'prod'],
    ['list-b', 'prod'],
    ['list-c', 'dev'],
    ['list-d', 'prod'],
  ])
    await registerCollector(env, { name, hostname: `${name}.example`, labels: { env: env_, team: 'db' } });
  const all = await env.request('GET', '/api/v1/collectors?name=LIST-', { token: env.tokens.viewer });
  assert.equal(all.status, 200);
  assert.deepEqual(
    all.body.items.map((c: { name: string }) => c.name),
    ['list-a', 'list-b', 'list-c', 'list-d'],
  );
  assert.equal(all.body.next_cursor, null);

  const prod = await env.request('GET', '/api/v1/collectors?name=list-&label=env:prod,team:db', {
    token: env.tokens.viewer,
  });
  assert.deepEqual(
    prod.body.items.map((c: { name: string }) => c.name),
    ['list-a', 'list-b', 'list-d'],
  );
  const host = await env.request('GET', '/api/v1/collectors?hostname=list-c.example', {
    token: env.tokens.viewer,
  });
  assert.deepEqual(
    host.body.items.map((c: { name: string }) => c.name),
    ['list-c'],
  );
  const seen = await env.request('GET', '/api/v1/collectors?name=list-&seen_within_s=600&status=active', {
    token: env.tokens.viewer,
  });
  assert.equal(seen.body.items.length, 4);

  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Array<{ name: string }>; next_cursor: string | null } } =
      await env.request('GET', `/api/v1/collectors?name=list-&limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
        token: env.tokens.viewer,
      });
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length <= 3);
    names.push(...page.body.items.map((c) => c.name));
    cursor = page.body.next_cursor;
  } while (cursor);
  assert.deepEqual(names, ['list-a', 'list-b', 'list-c', 'list-d']);
});

test('list and get: validation, auth and not-found failures', async () => {
  for (const q of [
    '?status=gone',
    '?limit=0',
    '?limit=100000',
    '?label=env',
    '?cursor=!!',
    '?cursor=e30',
    '?who=1',
  ]) {
    assertError(await env.request('GET', `/api/v1/collectors${q}`, { token: env.tokens.viewer }), 400);
  }
  assertError(await env.request('GET', '/api/v1/collectors'), 401);
  assertError(await env.request('GET', '/api/v1/collectors', { token: 'pgac_' + 'x'.repeat(43) }), 401);
  const c = await registerCollector(env, { name: 'own-token' });
  assertError(await env.request('GET', '/api/v1/collectors', { token: c.token }), 403);
  assertError(await env.request('GET', `/api/v1/collectors/${c.collector_id}`, { token: c.token }), 403);
  assertError(
    await env.request('GET', '/api/v1/collectors/00000000-0000-0000-0000-000000000000', {
      token: env.tokens.viewer,
    }),
    404,
    'NOT_FOUND',
  );
  assertError(await env.request('GET', '/api/v1/collectors/bad%20id', { token: env.tokens.viewer }), 400);
});

test('PATCH (admin): rename and relabel; others refused; validation', async () => {
  const c = await registerCollector(env, { name: 'patch-me', labels: { a: '1' } });
  const path = `/api/v1/collectors/${c.collector_id}`;
  const res = await env.request('PATCH', path, {
    token: env.tokens.admin,
    body: { name: 'patched', labels: { b: '2' } },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.name, 'patched');
  assert.deepEqual(res.body.labels, { b: '2' });

  const before = await collectorSnapshot(env.pool);
  assertError(await env.request('PATCH', path, { token: env.tokens.operator, body: { name: 'no' } }), 403);
  assertError(await env.request('PATCH', path, { token: c.token, body: { name: 'no' } }), 403);
  assertError(await env.request('PATCH', path, { body: { name: 'no' } }), 401);
  for (const body of [{}, { name: '' }, { status: 'paused' }, { labels: [] }, { collector_id: 'x' }]) {
    assertError(
      await env.request('PATCH', path, { token: env.tokens.admin, body }),
      400,
      'VALIDATION_FAILED',
    );
  }
  assertError(
    await env.request('PATCH', '/api/v1/collectors/missing-collector', {
      token: env.tokens.admin,
      body: { name: 'x' },
    }),
    404,
  );
  assert.equal(await collectorSnapshot(env.pool), before);
  assert.deepEqual(await auditActions(c.collector_id), [
    'collector.register:success',
    'collector.update:success',
  ]);
});

test('heartbeat: the collector itself records last_seen and its version and learns the latest config', async () => {
  const c = await registerCollector(env, { name: 'beating', agent_version: '0.1.0' });
  const path = `/api/v1/collectors/${c.collector_id}/heartbeat`;
  await env.pool.query(
    "UPDATE collectors SET last_seen = now() - interval '1 hour' WHERE collector_id = $1",
    [c.collector_id],
  );
  const res = await env.request('POST', path, {
    token: c.token,
    body: { agent_version: '0.2.0', config_version: 1 },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.config_version, 1);
  assert.equal(res.body.config_etag, c.config_etag);
  assert.equal(res.body.config_url, c.config_url);
  assert.ok(Math.abs(Date.parse(res.body.server_time) - Date.now()) < 60_000);
  const row = await env.pool.query(
    'SELECT agent_version, applied_config_version, now() - last_seen < $2::interval AS fresh FROM collectors WHERE collector_id = $1',
    [c.collector_id, '1 minute'],
  );
  assert.deepEqual(row.rows[0], { agent_version: '0.2.0', applied_config_version: 1, fresh: true });
  // An upgrade is audited, a routine beat is not.
  assert.equal((await env.request('POST', path, { token: c.token })).status, 200);
  assert.equal(
    (await env.request('POST', path, { token: c.token, body: { agent_version: '0.2.0' } })).status,
    200,
  );
  assert.deepEqual(await auditActions(c.collector_id), [
    'collector.register:success',
    'collector.heartbeat:success',
  ]);

  const other = await registerCollector(env, { name: 'other' });
  const before = await collectorSnapshot(env.pool);
  assertError(await env.request('POST', path, { token: other.token, body: {} }), 403);
  assertError(await env.request('POST', path, { token: env.tokens.admin, body: {} }), 403);
  assertError(await env.request('POST', path, { body: {} }), 401);
  assertError(await env.request('POST', path, { token: c.token, body: { agent_version: 'x y' } }), 400);
  assertError(await env.request('POST', path, { token: c.token, body: { uptime: 3 } }), 400);
  assert.equal(await collectorSnapshot(env.pool), before);
});

test('DELETE (admin) deregisters: tokens revoked, history kept, the old token refused everywhere', async () => {
  const c = await registerCollector(env, { name: 'to-deregister' });
  const path = `/api/v1/collectors/${c.collector_id}`;
  assertError(await env.request('DELETE', path, { token: env.tokens.operator }), 403);
  assertError(await env.request('DELETE', path, { token: c.token }), 403);
  assert.equal((await env.request('DELETE', path, { token: env.tokens.admin })).status, 204);

  const got = await env.request('GET', path, { token: env.tokens.viewer });
  assert.equal(got.body.status, 'deregistered');
  assert.ok(got.body.deregistered_at);
  assert.equal(got.body.config_version, 1, 'configuration history kept');
  assertError(await env.request('GET', c.config_url, { token: c.token }), 401);
  assertError(await env.request('POST', `${path}/heartbeat`, { token: c.token, body: {} }), 401);
  const live = await env.pool.query(
    'SELECT count(*)::int AS n FROM collector_tokens WHERE collector_id = $1 AND revoked_at IS NULL',
    [c.collector_id],
  );
  assert.equal(live.rows[0].n, 0);
  // Idempotent; an unknown collector is 404.
  assert.equal((await env.request('DELETE', path, { token: env.tokens.admin })).status, 204);
  assertError(await env.request('DELETE', '/api/v1/collectors/nope', { token: env.tokens.admin }), 404);

  // A token cannot be issued until the collector is reactivated.
  assertError(await env.request('POST', `${path}/tokens`, { token: env.tokens.admin }), 409, 'CONFLICT');
  const back = await env.request('PATCH', path, { token: env.tokens.admin, body: { status: 'active' } });
  assert.equal(back.body.status, 'active');
  assert.equal(back.body.deregistered_at, null);
  const issued = await env.request('POST', `${path}/tokens`, { token: env.tokens.admin });
  assert.equal(issued.status, 201);
  assert.equal((await env.request('GET', c.config_url, { token: issued.body.token })).status, 200);

  // PATCH status=deregistered is the same as DELETE.
  const off = await env.request('PATCH', path, { token: env.tokens.admin, body: { status: 'deregistered' } });
  assert.equal(off.body.status, 'deregistered');
  assertError(await env.request('GET', c.config_url, { token: issued.body.token }), 401);
});

test('POST …/tokens (admin) rotates: a new token works, the old one is refused', async () => {
  const c = await registerCollector(env, { name: 'rotate-me' });
  const path = `/api/v1/collectors/${c.collector_id}/tokens`;
  assertError(await env.request('POST', path, { token: env.tokens.operator }), 403);
  assertError(await env.request('POST', path, { token: c.token }), 403);
  assertError(await env.request('POST', '/api/v1/collectors/nope/tokens', { token: env.tokens.admin }), 404);
  const res = await env.request('POST', path, { token: env.tokens.admin });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.match(res.body.token, /^pgac_/);
  assert.equal(res.body.tokens_revoked, 1);
  assertError(await env.request('GET', c.config_url, { token: c.token }), 401);
  assert.equal((await env.request('GET', c.config_url, { token: res.body.token })).status, 200);
  assert.deepEqual((await auditActions(c.collector_id)).at(-1), 'collector.token.rotate:success');
});

test('one-time bootstrap tokens: created by admins, register exactly one collector', async () => {
  assertError(
    await env.request('POST', '/api/v1/bootstrap-tokens', { token: env.tokens.operator, body: {} }),
    403,
  );
  assertError(
    await env.request('POST', '/api/v1/bootstrap-tokens', { token: env.tokens.admin, body: { ttl_s: 1 } }),
    400,
  );
  const created = await env.request('POST', '/api/v1/bootstrap-tokens', {
    token: env.tokens.admin,
    body: { ttl_s: 600, comment: 'for db7' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.match(created.body.token, /^pgab_[A-Za-z0-9_-]{43}$/);
  assert.equal(created.body.state, 'usable');

  const [first, second] = await Promise.all(
    [1, 2].map(() =>
      env.request('POST', '/api/v1/collectors/register', {
        token: created.body.token,
        body: { name: 'db7', hostname: 'db7', agent_version: '1' },
      }),
    ),
  );
  assert.deepEqual([first!.status, second!.status].sort(), [201, 401], 'spent once, even when raced');
  const winner = first!.status === 201 ? first! : second!;

  const list = await env.request('GET', '/api/v1/bootstrap-tokens', { token: env.tokens.admin });
  const mine = list.body.items.find((t: { token_id: string }) => t.token_id === created.body.token_id);
  assert.equal(mine.state, 'used');
  assert.equal(mine.collector_id, winner.body.collector_id);
  assert.equal(JSON.stringify(list.body).includes(created.body.token), false, 'secrets are never listed');
  assertError(await env.request('GET', '/api/v1/bootstrap-tokens', { token: env.tokens.viewer }), 403);

  const revoked = await env.request('POST', '/api/v1/bootstrap-tokens', {
    token: env.tokens.admin,
    body: {},
  });
  assert.equal(
    (
      await env.request('DELETE', `/api/v1/bootstrap-tokens/${revoked.body.token_id}`, {
        token: env.tokens.admin,
      })
    ).status,
    204,
  );
  assertError(
    await env.request('POST', '/api/v1/collectors/register', {
      token: revoked.body.token,
      body: { name: 'x', hostname: 'x', agent_version: '1' },
    }),
    401,
  );
  assertError(
    await env.request('DELETE', '/api/v1/bootstrap-tokens/00000000-0000-0000-0000-000000000000', {
      token: env.tokens.admin,
    }),
    404,
  );
  assertError(
    await env.request('DELETE', '/api/v1/bootstrap-tokens/not-a-uuid', { token: env.tokens.admin }),
    400,
  );

  const page = await env.request('GET', '/api/v1/bootstrap-tokens?limit=1', { token: env.tokens.admin });
  assert.equal(page.body.items.length, 1);
  const next = await env.request('GET', `/api/v1/bootstrap-tokens?limit=1&cursor=${page.body.next_cursor}`, {
    token: env.tokens.admin,
  });
  assert.equal(next.status, 200);
  assert.notEqual(next.body.items[0].token_id, page.body.items[0].token_id);
});

test('SQL injection strings in params, queries and bodies: 4xx, never 500, nothing changed', async () => {
  const c = await registerCollector(env, { name: 'inject-target' });
  const before = await collectorSnapshot(env.pool);
  for (const s of INJECTIONS) {
    const e = encodeURIComponent(s);
    const calls: Array<[string, string, string, unknown?]> = [
      ['GET', `/api/v1/collectors/${e}`, env.tokens.viewer],
      ['GET', `/api/v1/collectors?name=${e}`, env.tokens.viewer],
      ['GET', `/api/v1/collectors?hostname=${e}`, env.tokens.viewer],
      ['GET', `/api/v1/collectors?label=${e}`, env.tokens.viewer],
      ['GET', `/api/v1/collectors?cursor=${e}`, env.tokens.viewer],
      ['PATCH', `/api/v1/collectors/${e}`, env.tokens.admin, { name: 'x' }],
      ['PATCH', `/api/v1/collectors/${c.collector_id}`, env.tokens.admin, { name: s }],
      ['PATCH', `/api/v1/collectors/${c.collector_id}`, env.tokens.admin, { labels: { env: s } }],
      ['DELETE', `/api/v1/collectors/${e}`, env.tokens.admin],
      ['POST', `/api/v1/collectors/${e}/tokens`, env.tokens.admin],
      ['POST', `/api/v1/collectors/${e}/heartbeat`, c.token, {}],
      ['POST', `/api/v1/collectors/${c.collector_id}/heartbeat`, c.token, { hostname: s }],
      ['POST', '/api/v1/collectors/register', BOOTSTRAP, { name: s, hostname: 'h', agent_version: '1' }],
      ['POST', '/api/v1/collectors/register', s, { name: 'n', hostname: 'h', agent_version: '1' }],
      ['DELETE', `/api/v1/bootstrap-tokens/${e}`, env.tokens.admin],
    ];
    for (const [method, path, token, body] of calls) {
      const res = await env.request(method, path, { token, body });
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path} → ${res.status}`);
      assertError(res, res.status);
    }
  }
  assert.equal(await collectorSnapshot(env.pool), before);
});

test('the OpenAPI document describes every collector route', async () => {
  const doc = await env.request('GET', '/api/v1/openapi.json');
  const paths = Object.keys(doc.body.paths);
  for (const p of [
    '/api/v1/collectors/register',
    '/api/v1/collectors',
    '/api/v1/collectors/{collector_id}',
    '/api/v1/collectors/{collector_id}/tokens',
    '/api/v1/collectors/{collector_id}/heartbeat',
    '/api/v1/bootstrap-tokens',
    '/api/v1/bootstrap-tokens/{token_id}',
  ])
    assert.ok(paths.includes(p), p);
  assert.deepEqual(Object.keys(doc.body.paths['/api/v1/collectors/{collector_id}']).sort(), [
    'delete',
    'get',
    'patch',
  ]);
});

test('every collector and configuration route: no token → 401, a viewer writing → 403, nothing changed', async () => {
  const c = await registerCollector(env, { name: 'auth-matrix' });
  const id = c.collector_id;
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/api/v1/collectors'],
    ['GET', `/api/v1/collectors/${id}`],
    ['PATCH', `/api/v1/collectors/${id}`, { name: 'x' }],
    ['DELETE', `/api/v1/collectors/${id}`],
    ['POST', `/api/v1/collectors/${id}/tokens`],
    ['POST', `/api/v1/collectors/${id}/heartbeat`, {}],
    ['POST', '/api/v1/bootstrap-tokens', {}],
    ['GET', '/api/v1/bootstrap-tokens'],
    ['DELETE', '/api/v1/bootstrap-tokens/00000000-0000-0000-0000-000000000000'],
    ['GET', `/api/v1/config/${id}`],
    ['POST', `/api/v1/config/${id}`, { config: {} }],
    ['PUT', `/api/v1/config/${id}`, { config: {} }],
    ['GET', `/api/v1/config/${id}/versions`],
    ['GET', `/api/v1/config/${id}/versions/1`],
    ['POST', `/api/v1/config/${id}/rollback`, { version: 1 }],
  ];
  const before = await collectorSnapshot(env.pool);
  for (const [method, path, body] of routes) {
    assertError(await env.request(method, path, { body }), 401);
    if (method !== 'GET' || path.includes('/config/') || path.includes('bootstrap'))
      assertError(await env.request(method, path, { token: env.tokens.viewer, body }), 403);
  }
  assertError(await env.request('GET', '/api/v1/bootstrap-tokens?limit=0', { token: env.tokens.admin }), 400);
  assertError(
    await env.request('DELETE', '/api/v1/bootstrap-tokens/00000000-0000-0000-0000-000000000000', {
      token: env.tokens.operator,
    }),
    403,
  );
  assert.equal(await collectorSnapshot(env.pool), before);
});
