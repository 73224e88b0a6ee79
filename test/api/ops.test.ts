import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadApiConfig } from '../../services/api/config.ts';
import { createApiEnv, TEST_JWT_KEYS, type ApiEnv } from '../support/api-env.ts';
import { assertError } from './helpers.ts';

// Operations endpoints, Prometheus metrics, the login rate limit, and the OpenAPI document and UI.

let env: ApiEnv;
before(async () => {
  env = await createApiEnv({ env: { PGA_API_LOGIN_RATE: '3' } });
});
after(() => env?.close());

describe('health, ready, status', () => {
  test('health: no auth, alive', async () => {
    const res = await env.request('GET', '/api/v1/health');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
    assert.match(res.body.version, /^\d+\.\d+\.\d+/);
    // A stale credential does not turn a probe into a 401.
    assert.equal((await env.request('GET', '/api/v1/health', { token: 'stale' })).status, 200);
    assertError(await env.request('GET', '/api/v1/health?verbose=1'), 400);
  });

  test('ready (by default, Kafka required): the database and Kafka answer', async () => {
    assert.equal(env.config.readyRequiresKafka, true, 'PGA_API_READY_REQUIRES_KAFKA defaults to true');
    const res = await env.request('GET', '/api/v1/ready');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'ready');
    assert.equal(res.body.checks.database.ok, true);
    assert.equal(res.body.checks.kafka.reachable, true);
  });

  test('status (viewer): versions, ingest lag per partition, collectors online', async () => {
    await env.pool.query(
      `INSERT INTO ingest_offsets (consumer_group, topic, partition, next_offset)
       VALUES ('pga-ingest', 'pga.metrics.statements.v1', 0, 0), ('pga-ingest', 'no.such.topic', 0, 5)`,
    );
    await env.pool.query(
      `INSERT INTO collectors (collector_id, name, last_seen) VALUES
         ('c-online', 'a', now() - interval '30 seconds'), ('c-gone', 'b', now() - interval '10 minutes'),
         ('c-never', 'c', NULL)`,
    );
    const res = await env.request('GET', '/api/v1/status', { token: env.tokens.viewer });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.version, /^\d+\.\d+\.\d+/);
    assert.equal(res.body.schema.storage_mode, 'plain');
    assert.ok(res.body.schema.migrations_applied >= 6);
    assert.deepEqual(res.body.collectors, { total: 3, online: 1 });
    assert.equal(res.body.kafka.reachable, true);
    const [missing, present] = res.body.ingest_lag;
    assert.equal(missing.topic, 'no.such.topic');
    assert.equal(missing.latest_offset, null);
    assert.equal(missing.lag, null);
    assert.equal(present.topic, 'pga.metrics.statements.v1');
    assert.equal(typeof present.latest_offset, 'number');
    assert.equal(present.lag, present.latest_offset);
  });

  test('status: auth failures', async () => {
    assertError(await env.request('GET', '/api/v1/status'), 401);
    assertError(await env.request('GET', '/api/v1/status', { token: 'pga_nope' }), 401);
  });
});

describe('Kafka unreachable', () => {
  test('ready: 503 naming Kafka by default; 200 with Kafka reported down when it is not required', async () => {
    const down = await createApiEnv({ env: { PGA_KAFKA_BROKERS: '127.0.0.1:1' } });
    const lenient = await createApiEnv({
      env: { PGA_KAFKA_BROKERS: '127.0.0.1:1', PGA_API_READY_REQUIRES_KAFKA: 'false' },
    });
    try {
      const refused = await down.request('GET', '/api/v1/ready');
      assertError(refused, 503, 'NOT_READY');
      assert.match(refused.body.error.message, /^Kafka is unreachable/);
      assert.doesNotMatch(refused.body.error.message, /database/);
      assert.equal(refused.body.error.details.kafka.reachable, false);
      assert.equal(refused.body.error.details.database.ok, true);
      // The status page still answers, with Kafka reported down.
      const status = await down.request('GET', '/api/v1/status', { token: down.tokens.viewer });
      assert.equal(status.status, 200);
      assert.equal(status.body.kafka.reachable, false);

      const res = await lenient.request('GET', '/api/v1/ready');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.checks.kafka.reachable, false);
      assert.equal(res.body.checks.database.ok, true);
    } finally {
      await Promise.all([down.close(), lenient.close()]);
    }
  });

  test('PGA_API_READY_REQUIRES_KAFKA: true unless set to false; anything else stops start-up', () => {
    const keys = TEST_JWT_KEYS.map((k) => `${k.kid}:${k.secret}`).join(',');
    const requires = (value?: string) =>
      loadApiConfig({ PGA_API_JWT_KEYS: keys, PGA_API_READY_REQUIRES_KAFKA: value }).readyRequiresKafka;
    assert.equal(requires(undefined), true);
    assert.equal(requires(''), true);
    assert.equal(requires('true'), true);
    for (const off of ['false', '0', 'no']) assert.equal(requires(off), false, off);
    assert.throws(() => requires('maybe'), /PGA_API_READY_REQUIRES_KAFKA="maybe"/);
  });
});

describe('metrics', () => {
  test('GET /metrics: Prometheus text, requests by route template and status, no auth by default', async () => {
    await env.request('GET', '/api/v1/health');
    await env.request('GET', `/api/v1/users/${env.users.viewer.id}`, { token: env.tokens.admin });
    const res = await env.request('GET', '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    assert.match(
      res.body,
      /pga_api_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} \d+/,
    );
    assert.match(res.body, /route="\/api\/v1\/users\/:user_id"/);
    assert.doesNotMatch(res.body, new RegExp(env.users.viewer.id), 'ids never become labels');
    assert.match(res.body, /pga_api_request_seconds_bucket/);
  });

  test('with PGA_API_METRICS_TOKEN, /metrics needs that bearer token', async () => {
    const secret = 'metrics-scrape-token-0123456789';
    const guarded = await createApiEnv({ env: { PGA_API_METRICS_TOKEN: secret } });
    try {
      assertError(await guarded.request('GET', '/metrics'), 401);
      assertError(await guarded.request('GET', '/metrics', { token: guarded.tokens.admin }), 401);
      assert.equal((await guarded.request('GET', '/metrics', { token: secret })).status, 200);
    } finally {
      await guarded.close();
    }
  });
});

describe('login rate limit', () => {
  test('more than PGA_API_LOGIN_RATE logins a minute from one address → 429', async () => {
    const body = { email: env.users.viewer.email, password: 'wrong-password' };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await env.request('POST', '/api/v1/auth/login', { body })).status);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    const limited = await env.request('POST', '/api/v1/auth/login', {
      body: { email: env.users.viewer.email, password: env.users.viewer.password },
    });
    assertError(limited, 429, 'RATE_LIMITED');
    assert.ok(limited.headers.get('ratelimit') || limited.headers.get('retry-after'));
  });
});

describe('OpenAPI', () => {
  test('GET /api/v1/openapi.json is an OpenAPI 3 document listing the routes', async () => {
    const res = await env.request('GET', '/api/v1/openapi.json');
    assert.equal(res.status, 200);
    const doc = res.body;
    assert.match(doc.openapi, /^3\./);
    assert.equal(doc.info.title, 'pgAnalytics API');
    assert.ok(doc.components.securitySchemes.bearer);
    const expected: Array<[string, string]> = [
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/auth/refresh', 'post'],
      ['/api/v1/auth/logout', 'post'],
      ['/api/v1/auth/me', 'get'],
      ['/api/v1/users', 'get'],
      ['/api/v1/users', 'post'],
      ['/api/v1/users/{user_id}', 'get'],
      ['/api/v1/users/{user_id}', 'patch'],
      ['/api/v1/users/{user_id}', 'delete'],
      ['/api/v1/tokens', 'get'],
      ['/api/v1/tokens', 'post'],
      ['/api/v1/tokens/{token_id}', 'delete'],
      ['/api/v1/audit', 'get'],
      ['/api/v1/health', 'get'],
      ['/api/v1/ready', 'get'],
      ['/api/v1/status', 'get'],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method.toUpperCase()} ${path} documented`);
      assert.ok(Object.keys(op.responses).length > 0);
    }
    assert.deepEqual(doc.paths['/api/v1/auth/login'].post.security, []);
    assert.ok(doc.paths['/api/v1/users'].post.responses['400']);
    assert.ok(doc.paths['/api/v1/users'].post.requestBody.content['application/json'].schema);
    assert.ok(doc.paths['/api/v1/audit'].get.parameters.some((p: { name: string }) => p.name === 'action'));
  });

  test('GET /api/v1/docs/ serves the browsable UI', async () => {
    const res = await env.request('GET', '/api/v1/docs/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.body, /swagger-ui/i);
  });
});
