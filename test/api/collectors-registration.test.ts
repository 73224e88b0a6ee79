import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApiEnv, type ApiEnv } from '../support/api-env.ts';
import { collectorSnapshot } from './collectors-helpers.ts';
import { assertError } from './helpers.ts';

// Registration without PGA_API_BOOTSTRAP_TOKEN (only admin-made one-time tokens work) and the rate limit on
// failed registrations (successful ones are never limited).

let env: ApiEnv;
before(async () => {
  env = await createApiEnv({ env: { PGA_API_BOOTSTRAP_TOKEN: '', PGA_API_REGISTER_RATE: '3' } });
});
after(() => env?.close());

const body = { name: 'n', hostname: 'h', agent_version: '1' };
const register = (token: string | undefined) =>
  env.request('POST', '/api/v1/collectors/register', { token, body });
const oneTime = async () =>
  (await env.request('POST', '/api/v1/bootstrap-tokens', { token: env.tokens.admin, body: {} })).body
    .token as string;

test('without PGA_API_BOOTSTRAP_TOKEN: 403 saying how to enable it; one-time tokens still register', async () => {
  const tokens = await Promise.all([1, 2, 3, 4].map(oneTime));
  for (const t of tokens) assert.equal((await register(t)).status, 201, 'successes are not rate-limited');

  const before = await collectorSnapshot(env.pool);
  for (const t of [undefined, 'some-guess-at-the-token-0123456789']) {
    const res = await register(t);
    assertError(res, 403, 'FORBIDDEN');
    assert.match(res.body.error.message, /PGA_API_BOOTSTRAP_TOKEN/);
  }
  // A spent one-time token is a failure too (the third within the minute).
  assertError(await register(tokens[0]), 401);
  assert.equal(await collectorSnapshot(env.pool), before);
});

test('after PGA_API_REGISTER_RATE failures in a minute, even a good token is answered 429', async () => {
  const good = await oneTime();
  const res = await register(good);
  assertError(res, 429, 'RATE_LIMITED');
  assert.ok(res.headers.get('ratelimit'), 'standard RateLimit header');
  const unused = await env.pool.query(
    'SELECT count(*)::int AS n FROM collector_bootstrap_tokens WHERE used_at IS NULL',
  );
  assert.equal(unused.rows[0].n, 1, 'the refused registration did not spend the token');
});
