import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiEnv, type ApiEnv } from '../support/api-env.ts';
import { assertError } from './helpers.ts';

// Sign-in: login, refresh with rotation and reuse detection, logout, me — and the audit of each.

let env: ApiEnv;
before(async () => {
  env = await createApiEnv();
});
after(() => env?.close());

const login = (email: string, password: string) =>
  env.request('POST', '/api/v1/auth/login', { body: { email, password } });

async function auditRows(action: string) {
  const res = await env.pool.query(
    'SELECT actor_kind, actor_id, target, outcome, details FROM audit_log WHERE action = $1 ORDER BY audit_id',
    [action],
  );
  return res.rows;
}

describe('POST /auth/login', () => {
  test('valid credentials give tokens that work, and the login is audited', async () => {
    const { email, password, id } = env.users.operator;
    const res = await login(email.toUpperCase(), password);
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.role, 'operator');
    assert.equal(res.body.expires_in, env.config.accessTtlS);
    assert.match(res.body.refresh_token, /^pgar_[A-Za-z0-9_-]{43}$/);
    const me = await env.request('GET', '/api/v1/auth/me', { token: res.body.access_token });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { kind: 'user', user_id: id, email, role: 'operator' });
    const rows = await auditRows('auth.login');
    assert.ok(rows.some((r) => r.outcome === 'success' && r.actor_kind === 'user' && r.actor_id === id));
  });

  test('wrong password and unknown e-mail: the same 401, both audited as failures', async () => {
    const wrong = await login(env.users.viewer.email, 'not-the-password');
    assertError(wrong, 401, 'UNAUTHORIZED');
    const unknown = await login('nobody@example.test', 'whatever-password');
    assertError(unknown, 401, 'UNAUTHORIZED');
    assert.equal(wrong.body.error.message, unknown.body.error.message);
    const failures = (await auditRows('auth.login')).filter((r) => r.outcome === 'failure');
    assert.ok(
      failures.some(
        (r) => r.details.email === env.users.viewer.email && r.details.reason === 'wrong password',
      ),
    );
    assert.ok(
      failures.some((r) => r.details.email === 'nobody@example.test' && r.actor_kind === 'anonymous'),
    );
  });

  test('a disabled user cannot sign in', async () => {
    const email = 'disabled@example.test';
    const created = await env.request('POST', '/api/v1/users', {
      token: env.tokens.admin,
      body: { email, password: 'disabled-password-1', role: 'viewer' },
    });
    assert.equal(created.status, 201);
    await env.request('PATCH', `/api/v1/users/${created.body.user_id}`, {
      token: env.tokens.admin,
      body: { disabled: true },
    });
    assertError(await login(email, 'disabled-password-1'), 401);
  });

  test('validation: missing fields, unknown fields, wrong types', async () => {
    assertError(
      await env.request('POST', '/api/v1/auth/login', { body: { email: 'a@b.c' } }),
      400,
      'VALIDATION_FAILED',
    );
    assertError(
      await env.request('POST', '/api/v1/auth/login', {
        body: { email: 'a@b.c', password: 'x', role: 'admin' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    assertError(await env.request('POST', '/api/v1/auth/login', { body: { email: 1, password: [] } }), 400);
    assertError(await env.request('POST', '/api/v1/auth/login', { body: [] }), 400);
  });

  test('a stale Authorization header does not block a login', async () => {
    const res = await env.request('POST', '/api/v1/auth/login', {
      token: 'expired.or.garbage',
      body: { email: env.users.viewer.email, password: env.users.viewer.password },
    });
    assert.equal(res.status, 200);
  });
});

describe('POST /auth/refresh and /auth/logout', () => {
  test('refresh rotates: new tokens, the old refresh token is spent', async () => {
    const first = await login(env.users.viewer.email, env.users.viewer.password);
    const second = await env.request('POST', '/api/v1/auth/refresh', {
      body: { refresh_token: first.body.refresh_token },
    });
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refresh_token, first.body.refresh_token);
    assert.equal(second.body.role, 'viewer');
    const me = await env.request('GET', '/api/v1/auth/me', { token: second.body.access_token });
    assert.equal(me.body.email, env.users.viewer.email);
  });

  test('reusing a spent refresh token revokes the whole session (reuse detection), audited', async () => {
    const first = await login(env.users.viewer.email, env.users.viewer.password);
    const second = await env.request('POST', '/api/v1/auth/refresh', {
      body: { refresh_token: first.body.refresh_token },
    });
    assert.equal(second.status, 200);
    // The stolen first token is replayed: refused, and the legitimate second one dies with it.
    const replay = await env.request('POST', '/api/v1/auth/refresh', {
      body: { refresh_token: first.body.refresh_token },
    });
    assertError(replay, 401);
    const legit = await env.request('POST', '/api/v1/auth/refresh', {
      body: { refresh_token: second.body.refresh_token },
    });
    assertError(legit, 401);
    const rows = await auditRows('auth.refresh');
    assert.ok(rows.some((r) => r.outcome === 'failure' && /reused/.test(r.details.reason)));
  });

  test('concurrent use of one refresh token: exactly one succeeds', async () => {
    const first = await login(env.users.viewer.email, env.users.viewer.password);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        env.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: first.body.refresh_token } }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.ok(results.every((r) => r.status === 200 || r.status === 401));
  });

  test('an unknown or malformed refresh token is refused', async () => {
    assertError(
      await env.request('POST', '/api/v1/auth/refresh', {
        body: { refresh_token: `pgar_${'A'.repeat(43)}` },
      }),
      401,
    );
    assertError(await env.request('POST', '/api/v1/auth/refresh', { body: {} }), 400);
    assertError(
      await env.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: 'x', more: 1 } }),
      400,
    );
  });

  test('logout revokes the session: its refresh token no longer works', async () => {
    const s = await login(env.users.admin.email, env.users.admin.password);
    const out = await env.request('POST', '/api/v1/auth/logout', {
      body: { refresh_token: s.body.refresh_token },
    });
    assert.equal(out.status, 204);
    assertError(
      await env.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: s.body.refresh_token } }),
      401,
    );
    assert.ok((await auditRows('auth.logout')).some((r) => r.target === env.users.admin.id));
    // Idempotent, and it says nothing about whether the token existed.
    const again = await env.request('POST', '/api/v1/auth/logout', {
      body: { refresh_token: s.body.refresh_token },
    });
    assert.equal(again.status, 204);
    assertError(await env.request('POST', '/api/v1/auth/logout', { body: { token: 'x' } }), 400);
  });

  test('an access token is not a refresh token and a refresh token is not a bearer credential', async () => {
    const s = await login(env.users.viewer.email, env.users.viewer.password);
    assertError(
      await env.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: s.body.access_token } }),
      401,
    );
    assertError(await env.request('GET', '/api/v1/auth/me', { token: s.body.refresh_token }), 401);
  });
});

describe('GET /auth/me', () => {
  test('needs a credential', async () => {
    assertError(await env.request('GET', '/api/v1/auth/me'), 401, 'UNAUTHORIZED');
  });
  test('unknown query parameters are refused', async () => {
    assertError(await env.request('GET', '/api/v1/auth/me?x=1', { token: env.tokens.viewer }), 400);
  });
});
