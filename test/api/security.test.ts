import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiEnv, TEST_JWT_KEYS, type ApiEnv } from '../support/api-env.ts';
import { accessClaims, assertError, INJECTIONS, signWith, snapshot, unsigned } from './helpers.ts';

// What an attacker tries: missing, expired, forged and unsigned tokens, other keys, revoked API tokens,
// roles above their own, injection strings, oversized or malformed bodies — each a 4xx in the error shape,
// never a 500, nothing changed.

let env: ApiEnv;
before(async () => {
  env = await createApiEnv({
    env: { PGA_API_CORS_ORIGINS: 'https://grafana.example.test', PGA_API_BODY_LIMIT: '2048' },
  });
});
after(() => env?.close());

const me = (token?: string) => env.request('GET', '/api/v1/auth/me', token === undefined ? {} : { token });

describe('bearer tokens', () => {
  test('no token → 401', async () => {
    assertError(await me(), 401, 'UNAUTHORIZED');
    assertError(await env.request('GET', '/api/v1/users'), 401);
    assertError(await env.request('GET', '/api/v1/audit'), 401);
    assertError(await env.request('GET', '/api/v1/status'), 401);
  });

  test('an expired token → 401 that says so, audited', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    const token = signWith(
      TEST_JWT_KEYS[0]!.secret,
      'test-k1',
      accessClaims(env.users.admin, 'admin', { exp: past }),
    );
    const res = await me(token);
    assertError(res, 401);
    assert.match(res.body.error.message, /expired/);
    const audited = await env.pool.query(
      "SELECT 1 FROM audit_log WHERE action = 'auth.token' AND outcome = 'failure' AND details->>'reason' LIKE '%expired%'",
    );
    assert.equal(audited.rowCount, 1);
  });

  test('a token signed with another key, even under a known kid → 401', async () => {
    const forged = signWith(
      'another-secret-of-the-attacker-0123456789',
      'test-k1',
      accessClaims(env.users.viewer, 'admin'),
    );
    assertError(await me(forged), 401);
    assertError(await env.request('GET', '/api/v1/users', { token: forged }), 401);
  });

  test('alg: none → 401', async () => {
    assertError(await me(unsigned(accessClaims(env.users.admin, 'admin'))), 401);
    assertError(await me(unsigned(accessClaims(env.users.admin, 'admin'), 'test-k2')), 401);
  });

  test('an unknown kid, or none → 401', async () => {
    const claims = accessClaims(env.users.admin, 'admin');
    assertError(await me(signWith(TEST_JWT_KEYS[0]!.secret, 'retired-key', claims)), 401);
    assertError(await me(signWith(TEST_JWT_KEYS[0]!.secret, undefined, claims)), 401);
  });

  test('HS384/HS512 with the right secret are refused: only HS256', async () => {
    const jwt = (await import('jsonwebtoken')).default;
    const claims = accessClaims(env.users.admin, 'admin');
    for (const algorithm of ['HS384', 'HS512'] as const) {
      const t = jwt.sign(claims, TEST_JWT_KEYS[0]!.secret, { algorithm, keyid: 'test-k1' });
      assertError(await me(t), 401);
    }
  });

  test('rotation: a token signed by the second configured key is accepted', async () => {
    const t = signWith(TEST_JWT_KEYS[1]!.secret, 'test-k2', accessClaims(env.users.viewer, 'viewer'));
    const res = await me(t);
    assert.equal(res.status, 200);
    assert.equal(res.body.user_id, env.users.viewer.id);
  });

  test('wrong issuer, audience or token type → 401', async () => {
    const k = TEST_JWT_KEYS[0]!;
    for (const extra of [
      { iss: 'someone-else' },
      { aud: 'other-api' },
      { typ: 'refresh' },
      { role: 'root' },
    ]) {
      assertError(await me(signWith(k.secret, k.kid, accessClaims(env.users.viewer, 'viewer', extra))), 401);
    }
  });

  test('garbage, other schemes and malformed opaque tokens → 401', async () => {
    for (const header of [
      'Basic YWRtaW46YWRtaW4=',
      'Bearer',
      'Bearer a.b.c',
      'Bearer pga_short',
      `Bearer pgac_${'x'.repeat(43)}`,
    ]) {
      assertError(await env.request('GET', '/api/v1/auth/me', { headers: { authorization: header } }), 401);
    }
  });

  test('a viewer calling admin routes → 403, audited', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/users'],
      ['GET', '/api/v1/audit'],
      ['POST', '/api/v1/users'],
      ['DELETE', `/api/v1/users/${env.users.admin.id}`],
    ] as const) {
      const body =
        method === 'POST'
          ? { email: 'x@example.test', password: 'long-enough-pass', role: 'admin' }
          : undefined;
      assertError(await env.request(method, path, { token: env.tokens.viewer, body }), 403, 'FORBIDDEN');
      assertError(await env.request(method, path, { token: env.tokens.operator, body }), 403, 'FORBIDDEN');
    }
    const audited = await env.pool.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.forbidden' AND actor_id = $1",
      [env.users.viewer.id],
    );
    assert.equal(audited.rows[0].n, 4);
  });

  test('a revoked API token stops working at once', async () => {
    const created = await env.request('POST', '/api/v1/tokens', {
      token: env.tokens.admin,
      body: { name: 'ci' },
    });
    assert.equal(created.status, 201);
    const token = created.body.token as string;
    assert.equal((await me(token)).status, 200);
    const revoked = await env.request('DELETE', `/api/v1/tokens/${created.body.token_id}`, {
      token: env.tokens.admin,
    });
    assert.equal(revoked.status, 204);
    assertError(await me(token), 401);
  });

  test('an expired API token is refused', async () => {
    const created = await env.request('POST', '/api/v1/tokens', {
      token: env.tokens.viewer,
      body: { name: 'old' },
    });
    await env.pool.query(
      "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE token_id = $1",
      [created.body.token_id],
    );
    assertError(await me(created.body.token), 401);
  });
});

describe('SQL injection strings in every string parameter', () => {
  test('answered 4xx or an empty result, never a 500, nothing changed', async () => {
    const before = await snapshot(env.pool);
    const admin = env.tokens.admin;
    for (const s of INJECTIONS) {
      const q = encodeURIComponent(s);
      const results = [
        await env.request('POST', '/api/v1/auth/login', { body: { email: s, password: s } }),
        await env.request('POST', '/api/v1/auth/login', {
          body: { email: env.users.admin.email, password: s },
        }),
        await env.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: s } }),
        await env.request('GET', `/api/v1/users/${q}`, { token: admin }),
        await env.request('PATCH', `/api/v1/users/${q}`, { token: admin, body: { role: 'viewer' } }),
        await env.request('PATCH', `/api/v1/users/${env.users.viewer.id}`, {
          token: admin,
          body: { role: s },
        }),
        await env.request('DELETE', `/api/v1/users/${q}`, { token: admin }),
        await env.request('POST', '/api/v1/users', {
          token: admin,
          body: { email: s, password: s, role: s },
        }),
        await env.request('GET', `/api/v1/users?cursor=${q}`, { token: admin }),
        await env.request('GET', `/api/v1/users?limit=${q}`, { token: admin }),
        await env.request('DELETE', `/api/v1/tokens/${q}`, { token: admin }),
        await env.request('GET', `/api/v1/tokens?user_id=${q}`, { token: admin }),
        await env.request('GET', `/api/v1/tokens?cursor=${q}`, { token: admin }),
        await env.request('POST', '/api/v1/tokens', { token: admin, body: { name: 'x', role: s } }),
        await env.request('GET', `/api/v1/audit?action=${q}`, { token: admin }),
        await env.request('GET', `/api/v1/audit?outcome=${q}`, { token: admin }),
        await env.request('GET', `/api/v1/audit?from=${q}`, { token: admin }),
        await env.request('GET', `/api/v1/audit?cursor=${q}`, { token: admin }),
        await env.request('GET', '/api/v1/auth/me', { headers: { authorization: `Bearer ${s}` } }),
      ];
      for (const r of results) {
        assert.ok(
          r.status >= 400 && r.status < 500,
          `${s}: expected a 4xx, got ${r.status} ${JSON.stringify(r.body)}`,
        );
        assertError(r, r.status);
      }
      // Logout says nothing about whether the token existed: 204 either way.
      assert.equal(
        (await env.request('POST', '/api/v1/auth/logout', { body: { refresh_token: s } })).status,
        204,
      );
      const actor = await env.request('GET', `/api/v1/audit?actor=${q}`, { token: admin });
      assert.equal(actor.status, 200);
      assert.deepEqual(actor.body.items, []);
    }
    assert.equal(await snapshot(env.pool), before);
  });

  test('a token name with SQL in it is stored as the literal text', async () => {
    const before = await snapshot(env.pool);
    const name = INJECTIONS[1]!;
    const res = await env.request('POST', '/api/v1/tokens', { token: env.tokens.operator, body: { name } });
    assert.equal(res.status, 201);
    const stored = await env.pool.query('SELECT name FROM api_tokens WHERE token_id = $1', [
      res.body.token_id,
    ]);
    assert.equal(stored.rows[0].name, name);
    const users = await env.pool.query('SELECT count(*)::int AS n FROM users');
    assert.ok(users.rows[0].n >= 3);
    assert.notEqual(await snapshot(env.pool), before); // exactly one token more, checked above
  });
});

describe('bodies', () => {
  test('oversized body → 413', async () => {
    const res = await env.request('POST', '/api/v1/auth/login', {
      body: { email: 'a@example.test', password: 'x'.repeat(4096) },
    });
    assertError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  test('malformed JSON → 400', async () => {
    for (const raw of ['{"email": "a@b.c",', '{email: 1}', 'null', '"text"', '\u0000']) {
      const res = await env.request('POST', '/api/v1/auth/login', { rawBody: raw });
      assertError(res, 400);
    }
  });

  test('unknown fields → 400 naming them', async () => {
    const res = await env.request('POST', '/api/v1/tokens', {
      token: env.tokens.admin,
      body: { name: 'x', user_id: env.users.viewer.id },
    });
    assertError(res, 400, 'VALIDATION_FAILED');
    assert.match(res.body.error.message, /user_id/);
  });

  test('a body that is not JSON by content type is not parsed: 400', async () => {
    const res = await env.request('POST', '/api/v1/auth/login', {
      rawBody: JSON.stringify({ email: 'a@b.c', password: 'x' }),
      headers: { 'content-type': 'text/plain' },
    });
    assertError(res, 400);
  });
});

describe('headers', () => {
  test('security headers (helmet) on every answer, no x-powered-by', async () => {
    for (const res of [await env.request('GET', '/api/v1/health'), await me()]) {
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
      assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=/);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      assert.equal(res.headers.get('x-powered-by'), null);
    }
  });

  test('CORS: the configured origin is allowed, others are not', async () => {
    const ok = await env.request('OPTIONS', '/api/v1/auth/me', {
      headers: {
        origin: 'https://grafana.example.test',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://grafana.example.test');
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
    const evil = await env.request('GET', '/api/v1/health', {
      headers: { origin: 'https://evil.example.test' },
    });
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const preflight = await env.request('OPTIONS', '/api/v1/auth/me', {
      headers: { origin: 'https://evil.example.test', 'access-control-request-method': 'GET' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });

  test('unknown routes → 404 in the error shape', async () => {
    assertError(await env.request('GET', '/api/v1/nope', { token: env.tokens.viewer }), 404, 'NOT_FOUND');
    assertError(await env.request('GET', '/nope'), 404, 'NOT_FOUND');
  });
});
