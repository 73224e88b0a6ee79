import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { defaultCollectorConfig } from '../../services/api/collector-config/defaults.ts';
import { createApiEnv, type ApiEnv } from '../support/api-env.ts';
import {
  COLLECTOR_ENV,
  collectorSnapshot,
  registerCollector,
  type Registered,
} from './collectors-helpers.ts';
import { assertError, INJECTIONS } from './helpers.ts';

// Versioned collector configuration: the agent's pull with ETag/304, operators' versions with If-Match/412,
// history, rollback, and concurrent writers that never lose a version.

let env: ApiEnv;
let agent: Registered;
before(async () => {
  env = await createApiEnv({ env: COLLECTOR_ENV });
  agent = await registerCollector(env, { name: 'config-agent' });
});
after(() => env?.close());

const configPath = (id = agent.collector_id) => `/api/v1/config/${id}`;

/** A valid configuration, different for every `n`. */
const configN = (n: number) => ({
  instances: [
    {
      name: 'main',
      connection: {
        host: '/var/run/postgresql',
        port: 5432,
        user: 'pga_monitor',
        password_env: 'PGA_PG_PASSWORD',
      },
      plugins: { statements: { interval_s: 10 + n }, logs: { enabled: true, format: 'jsonlog' } },
    },
  ],
});

const post = (
  config: unknown,
  opts: { token?: string; headers?: Record<string, string>; comment?: string } = {},
) =>
  env.request('POST', configPath(), {
    token: opts.token ?? env.tokens.operator,
    headers: opts.headers,
    body: { config, ...(opts.comment === undefined ? {} : { comment: opts.comment }) },
  });

test('GET: the collector reads its own latest configuration with ETag and version; 304 while current', async () => {
  const res = await env.request('GET', configPath(), { token: agent.token });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('etag'), agent.config_etag);
  assert.equal(res.headers.get('pga-config-version'), '1');
  assert.deepEqual(
    res.body,
    JSON.parse(JSON.stringify(defaultCollectorConfig({ kafkaBrokers: env.config.stack.kafkaBrokers }))),
  );

  for (const inm of [agent.config_etag, `W/${agent.config_etag}`, `"other", ${agent.config_etag}`, '*']) {
    const cached = await env.request('GET', configPath(), {
      token: agent.token,
      headers: { 'if-none-match': inm },
    });
    assert.equal(cached.status, 304, inm);
    assert.equal(cached.body, '');
    assert.equal(cached.headers.get('etag'), agent.config_etag);
  }
  const stale = await env.request('GET', configPath(), {
    token: agent.token,
    headers: { 'if-none-match': '"0-x"' },
  });
  assert.equal(stale.status, 200);
  // An operator reads it too.
  assert.equal((await env.request('GET', configPath(), { token: env.tokens.operator })).status, 200);
});

test('GET: a viewer, another collector or no token is refused, and nothing changes', async () => {
  const other = await registerCollector(env, { name: 'other-agent' });
  const before = await collectorSnapshot(env.pool);
  assertError(await env.request('GET', configPath(), { token: other.token }), 403, 'FORBIDDEN');
  assertError(await env.request('GET', `${configPath()}/versions`, { token: other.token }), 403);
  assertError(await post(configN(0), { token: other.token }), 403);
  assertError(await env.request('GET', configPath(), { token: env.tokens.viewer }), 403);
  assertError(await env.request('GET', configPath()), 401);
  assertError(await env.request('GET', configPath(), { token: `pgac_${'A'.repeat(43)}` }), 401);
  assertError(await env.request('GET', configPath('nobody-here'), { token: env.tokens.operator }), 404);
  assertError(await env.request('GET', configPath('no body'), { token: env.tokens.operator }), 400);
  assert.equal(await collectorSnapshot(env.pool), before);
});

test('POST: version N+1 with every default written out; the agent then gets it (new ETag)', async () => {
  const res = await post(configN(1), { comment: 'faster statements' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.version, 2);
  assert.equal(res.body.comment, 'faster statements');
  assert.equal(res.body.created_by, `user:${env.users.operator.email}`);
  assert.equal(res.body.rollback_of, null);
  assert.match(res.body.etag, /^"2-/);
  assert.equal(res.headers.get('etag'), res.body.etag);
  assert.equal(res.headers.get('location'), `${configPath()}/versions/2`);
  const inst = res.body.config.instances[0];
  assert.equal(inst.plugins.statements.interval_s, 11);
  assert.equal(inst.plugins.statements.top_n, 5000, 'defaults filled in');
  assert.equal(inst.plugins.activity.interval_s, 15);
  assert.equal(res.body.config.spool.on_full, 'drop_oldest');

  const pulled = await env.request('GET', configPath(), {
    token: agent.token,
    headers: { 'if-none-match': agent.config_etag },
  });
  assert.equal(pulled.status, 200);
  assert.equal(pulled.headers.get('etag'), res.body.etag);
  assert.deepEqual(pulled.body, res.body.config);

  const beat = await env.request('POST', `/api/v1/collectors/${agent.collector_id}/heartbeat`, {
    token: agent.token,
  });
  assert.equal(beat.body.config_version, 2);
  assert.equal(beat.body.config_etag, res.body.etag);

  const put = await env.request('PUT', configPath(), {
    token: env.tokens.operator,
    body: { config: configN(2) },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.version, 3);
});

test('POST/PUT: an invalid configuration is 400 naming the path; nothing stored', async () => {
  const before = await collectorSnapshot(env.pool);
  const bad: Array<[unknown, RegExp]> = [
    [
      { instances: [{ name: 'a', connection: {}, plugins: { statements: { interval_s: 0 } } }] },
      /config\.instances\.0\.plugins\.statements\.interval_s/,
    ],
    [
      { instances: [{ name: 'a', connection: {}, plugins: { tables: { interval_s: 3601 } } }] },
      /config\.instances\.0\.plugins\.tables\.interval_s/,
    ],
    [
      { instances: [{ name: 'a', connection: { host: 'h', password: 'hunter2' } }] },
      /config\.instances\.0\.connection: secrets are not stored/,
    ],
    [
      { instances: [{ name: 'a', connection: {}, plugins: { vacuum: {} } }] },
      /config\.instances\.0\.plugins.*vacuum/,
    ],
    [
      { instances: [{ name: 'a', connection: { dsn_env: 'PG_DSN', host: 'h' } }] },
      /config\.instances\.0\.connection\.host: host goes in the DSN/,
    ],
    [
      {
        instances: [
          { name: 'a', connection: {} },
          { name: 'a', connection: {} },
        ],
      },
      /config\.instances\.1\.name/,
    ],
    [{ kafka: { security: { protocol: 'sasl_ssl' } } }, /config\.kafka\.security\.sasl_mechanism/],
    [{ system: { interval_s: '30' } }, /config\.system\.interval_s/],
    [{ format_version: 2 }, /config\.format_version/],
    ['not an object', /body\.config/],
  ];
  for (const [config, message] of bad) {
    const res = await post(config);
    assertError(res, 400, 'VALIDATION_FAILED');
    assert.match(res.body.error.message, message);
  }
  assertError(
    await env.request('POST', configPath(), { token: env.tokens.operator, body: { config: {}, extra: 1 } }),
    400,
  );
  assertError(await env.request('PUT', configPath(), { token: env.tokens.operator, body: {} }), 400);
  assertError(await post(configN(0), { comment: 'bell \u0007' }), 400, 'VALIDATION_FAILED');
  assertError(
    await env.request('POST', configPath(), { token: env.tokens.operator, rawBody: '{"config": {' }),
    400,
  );
  assertError(await post(configN(0), { token: env.tokens.viewer }), 403);
  assertError(await post(configN(0), { token: agent.token }), 403, 'FORBIDDEN');
  assertError(
    await env.request('POST', configPath('nobody'), { token: env.tokens.operator, body: { config: {} } }),
    404,
  );
  assert.equal(await collectorSnapshot(env.pool), before);
});

test('If-Match: a stale or weak etag is 412 and stores nothing; the current one writes', async () => {
  const current = await env.request('GET', configPath(), { token: env.tokens.operator });
  const etag = current.headers.get('etag') as string;
  const before = await collectorSnapshot(env.pool);
  for (const stale of [agent.config_etag, `W/${etag}`, '"999-x"']) {
    const res = await post(configN(5), { headers: { 'if-match': stale } });
    assertError(res, 412, 'PRECONDITION_FAILED');
  }
  assert.equal(await collectorSnapshot(env.pool), before);
  const ok = await post(configN(5), { headers: { 'if-match': `"x", ${etag}` } });
  assert.equal(ok.status, 201);
  // The tag just used is now stale: a second writer from the same read loses.
  assertError(await post(configN(6), { headers: { 'if-match': etag } }), 412);
  assert.equal((await post(configN(6), { headers: { 'if-match': '*' } })).status, 201);
});

test('versions: history newest first, in pages; one version with its content', async () => {
  const all = await env.request('GET', `${configPath()}/versions?limit=1000`, { token: env.tokens.operator });
  assert.equal(all.status, 200);
  const versions = all.body.items.map((v: { version: number }) => v.version);
  assert.deepEqual(
    versions,
    [...versions].sort((a, b) => b - a),
  );
  assert.equal(versions.at(-1), 1);
  assert.equal(all.body.items.at(-1).created_by, 'registration');
  assert.equal('config' in all.body.items[0], false, 'the list carries no content');

  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: Array<{ version: number }>; next_cursor: string | null } } =
      await env.request('GET', `${configPath()}/versions?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: env.tokens.operator,
      });
    seen.push(...page.body.items.map((v) => v.version));
    cursor = page.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, versions);

  const two = await env.request('GET', `${configPath()}/versions/2`, { token: env.tokens.operator });
  assert.equal(two.status, 200);
  assert.equal(two.body.version, 2);
  assert.equal(two.body.config.instances[0].plugins.statements.interval_s, 11);
  assert.equal(two.headers.get('etag'), two.body.etag);

  assertError(await env.request('GET', `${configPath()}/versions/9999`, { token: env.tokens.operator }), 404);
  for (const v of ['0', '-1', 'abc', '1.5', '99999999999'])
    assertError(
      await env.request('GET', `${configPath()}/versions/${v}`, { token: env.tokens.operator }),
      400,
    );
  assertError(await env.request('GET', `${configPath()}/versions`, { token: env.tokens.viewer }), 403);
  assertError(await env.request('GET', `${configPath()}/versions`, { token: agent.token }), 403);
  assertError(
    await env.request('GET', `${configPath('nobody')}/versions`, { token: env.tokens.operator }),
    404,
  );
  assertError(
    await env.request('GET', `${configPath()}/versions?cursor=eyJ2IjoiMSJ9`, { token: env.tokens.operator }),
    400,
  );
});

test('rollback: a new version whose content is exactly the old one', async () => {
  const old = await env.request('GET', `${configPath()}/versions/2`, { token: env.tokens.operator });
  const latest = await env.request('GET', `${configPath()}/versions?limit=1`, { token: env.tokens.operator });
  const n = latest.body.items[0].version as number;

  const res = await env.request('POST', `${configPath()}/rollback`, {
    token: env.tokens.operator,
    body: { version: 2 },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.version, n + 1);
  assert.equal(res.body.rollback_of, 2);
  assert.equal(res.body.comment, 'rollback to version 2');
  assert.deepEqual(res.body.config, old.body.config);
  assert.notEqual(res.body.etag, old.body.etag, 'a version has its own tag…');
  assert.equal(res.body.etag.split('-')[1], old.body.etag.split('-')[1], '…and the same content hash');

  const served = await env.request('GET', configPath(), { token: agent.token });
  assert.deepEqual(served.body, old.body.config);
  assert.equal(served.headers.get('pga-config-version'), String(n + 1));
  const stored = await env.pool.query(
    'SELECT (SELECT config FROM collector_configs WHERE collector_id = $1 AND version = 2) = config AS same FROM collector_configs WHERE collector_id = $1 AND version = $2',
    [agent.collector_id, n + 1],
  );
  assert.equal(stored.rows[0].same, true);

  const before = await collectorSnapshot(env.pool);
  assertError(
    await env.request('POST', `${configPath()}/rollback`, {
      token: env.tokens.operator,
      body: { version: 999 },
    }),
    404,
  );
  for (const body of [{}, { version: 0 }, { version: '2' }, { version: 2, extra: 1 }])
    assertError(
      await env.request('POST', `${configPath()}/rollback`, { token: env.tokens.operator, body }),
      400,
    );
  assertError(
    await env.request('POST', `${configPath()}/rollback`, { token: env.tokens.viewer, body: { version: 1 } }),
    403,
  );
  assertError(
    await env.request('POST', `${configPath()}/rollback`, { token: agent.token, body: { version: 1 } }),
    403,
  );
  assertError(
    await env.request('POST', `${configPath()}/rollback`, {
      token: env.tokens.operator,
      headers: { 'if-match': old.body.etag },
      body: { version: 1 },
    }),
    412,
  );
  assert.equal(await collectorSnapshot(env.pool), before);
});

test('20 concurrent POSTs: every one gets its own version, none lost', async () => {
  const c = await registerCollector(env, { name: 'concurrent' });
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      env.request('POST', configPath(c.collector_id), {
        token: env.tokens.operator,
        body: { config: configN(100 + i), comment: `writer ${i}` },
      }),
    ),
  );
  assert.deepEqual(
    results.map((r) => r.status),
    Array(20).fill(201),
  );
  const got = results.map((r) => r.body.version as number).sort((a, b) => a - b);
  assert.deepEqual(
    got,
    Array.from({ length: 20 }, (_, i) => i + 2),
  );
  const rows = await env.pool.query<{ version: number; comment: string; interval: number }>(
    `SELECT version, comment, (config #>> '{instances,0,plugins,statements,interval_s}')::int AS interval
       FROM collector_configs WHERE collector_id = $1 AND version > 1 ORDER BY version`,
    [c.collector_id],
  );
  assert.deepEqual(
    rows.rows.map((r) => r.version),
    got,
  );
  assert.deepEqual(
    rows.rows.map((r) => r.comment).sort(),
    Array.from({ length: 20 }, (_, i) => `writer ${i}`).sort(),
    'every writer’s content is stored',
  );
  for (const r of rows.rows) assert.equal(r.interval, 110 + Number(r.comment.split(' ')[1]));
});

test('a deregistered collector keeps its history, refuses new versions, and its token is refused', async () => {
  const c = await registerCollector(env, { name: 'leaving' });
  const gone = await env.request('DELETE', `/api/v1/collectors/${c.collector_id}`, {
    token: env.tokens.admin,
  });
  assert.equal(gone.status, 204);
  assertError(await env.request('GET', configPath(c.collector_id), { token: c.token }), 401);
  const history = await env.request('GET', `${configPath(c.collector_id)}/versions`, {
    token: env.tokens.operator,
  });
  assert.equal(history.body.items.length, 1);
  assertError(
    await env.request('POST', configPath(c.collector_id), {
      token: env.tokens.operator,
      body: { config: configN(1) },
    }),
    409,
  );
  assertError(
    await env.request('POST', `${configPath(c.collector_id)}/rollback`, {
      token: env.tokens.operator,
      body: { version: 1 },
    }),
    409,
  );
});

test('SQL injection strings in params and bodies: 4xx or stored verbatim, never 500, nothing else changed', async () => {
  const before = await collectorSnapshot(env.pool);
  for (const s of INJECTIONS) {
    const e = encodeURIComponent(s);
    for (const [method, path, body] of [
      ['GET', configPath(e), undefined],
      ['POST', configPath(e), { config: {} }],
      ['GET', `${configPath(e)}/versions`, undefined],
      ['GET', `${configPath()}/versions/${e}`, undefined],
      ['GET', `${configPath()}/versions?cursor=${e}`, undefined],
      ['POST', `${configPath(e)}/rollback`, { version: 1 }],
      ['POST', configPath(), { config: { instances: [{ name: s, connection: {} }] } }],
      ['POST', configPath(), { config: { instances: [{ name: 'a', connection: { host: s } }] } }],
      ['POST', configPath(), { config: { instances: [{ name: 'a', connection: { dsn_env: s } }] } }],
      ['POST', configPath(), { config: { kafka: { topic_prefix: s } } }],
      ['POST', `${configPath()}/rollback`, { version: s }],
    ] as Array<[string, string, unknown]>) {
      const res = await env.request(method, path, { token: env.tokens.operator, body });
      assert.ok(
        res.status >= 400 && res.status < 500,
        `${method} ${path} ${JSON.stringify(body)} → ${res.status}`,
      );
      assertError(res, res.status);
    }
  }
  assert.equal(await collectorSnapshot(env.pool), before);
  // Free text is data: stored and returned exactly, harming nothing.
  const res = await post(configN(1), { comment: INJECTIONS.join('\n') });
  assert.equal(res.status, 201);
  const back = await env.request('GET', `${configPath()}/versions/${res.body.version}`, {
    token: env.tokens.operator,
  });
  assert.equal(back.body.comment, INJECTIONS.join('\n'));
  assert.ok((await env.pool.query('SELECT count(*) FROM users')).rows[0].count > 0);
});

test('the OpenAPI document describes the configuration routes and the configuration schema', async () => {
  const doc = await env.request('GET', '/api/v1/openapi.json');
  assert.deepEqual(Object.keys(doc.body.paths['/api/v1/config/{collector_id}']).sort(), [
    'get',
    'post',
    'put',
  ]);
  for (const p of ['versions', 'versions/{version}', 'rollback'])
    assert.ok(doc.body.paths[`/api/v1/config/{collector_id}/${p}`], p);
  const schema = doc.body.components.schemas.CollectorConfig;
  assert.ok(schema, 'CollectorConfig component');
  assert.deepEqual(Object.keys(schema.properties).sort(), [
    'agent',
    'format_version',
    'instances',
    'kafka',
    'spool',
    'system',
  ]);
});
