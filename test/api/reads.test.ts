import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { crc64AvroBuffer } from '../../services/lib/avro/index.ts';
import { pgExecutor } from '../../services/lib/db/executor.ts';
import { createApiEnv, type ApiEnv } from '../support/api-env.ts';
import { assertError } from './helpers.ts';
import { FP, SERVERS, seedReads, type ReadsFixture } from './reads-fixture.ts';

// The read endpoints other than top queries (reads-top-queries.test.ts): servers, metrics, logs, anomalies,
// recommendations and their lifecycle, Avro schemas. Each: success, validation failure, auth failure.

describe('reads', () => {
  let env: ApiEnv;
  let fx: ReadsFixture;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const get = async (path: string): Promise<any> => {
    const res = await env.request('GET', path, { token: env.tokens.viewer });
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const range = () => `from=${fx.start.toISOString()}&to=${fx.end.toISOString()}`;

  /** Follows next_cursor from `path` (which has no cursor) and returns every item. */
  async function walk(path: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const body = await get(`${path}${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...body.items);
      cursor = body.next_cursor;
      if (!cursor) return items;
    }
    throw new Error('the walk did not end');
  }

  before(async () => {
    env = await createApiEnv();
    fx = await seedReads(pgExecutor(env.pool));
  });
  after(() => env?.close());

  describe('servers', () => {
    test('listed by id with their latest host and connection state; pages of one walk them all', async () => {
      const body = await get('/api/v1/servers');
      assert.deepEqual(
        body.items.map((s: { server_id: string }) => s.server_id),
        SERVERS,
      );
      const a = body.items[0];
      assert.equal(a.host, 'srv-a.example.internal');
      assert.equal(a.pg_version_num, 170004);
      assert.equal(a.latest.cpus, 8);
      assert.equal(a.latest.cpu_time, a.last_seen, 'the newest sample');
      assert.equal(a.latest.memory_total_bytes, 16 * 2 ** 30);
      assert.equal(a.latest.connections, 20);
      assert.equal(a.latest.max_connections, 100);
      assert.deepEqual(await walk('/api/v1/servers?limit=1'), body.items);
    });

    test('filters: text, standby, seen in a range', async () => {
      assert.deepEqual(
        (await get('/api/v1/servers?q=SRV-B')).items.map((s: { server_id: string }) => s.server_id),
        ['srv-b'],
      );
      assert.deepEqual((await get('/api/v1/servers?q=%25')).items, [], 'LIKE wildcards match literally');
      assert.deepEqual(
        (await get('/api/v1/servers?in_recovery=true')).items.map((s: { server_id: string }) => s.server_id),
        ['srv-c'],
      );
      assert.equal((await get(`/api/v1/servers?${range()}`)).items.length, 3);
      assert.equal(
        (await get('/api/v1/servers?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z')).items.length,
        0,
      );
    });

    test('one server, with the newest sample of every family', async () => {
      const body = await get('/api/v1/servers/srv-a');
      assert.equal(body.server_id, 'srv-a');
      const families = new Map(
        body.families.map((f: { family: string; last_time: string | null }) => [f.family, f.last_time]),
      );
      assert.equal(families.get('system_cpu'), body.last_seen);
      assert.equal(families.get('settings'), null);
      assertError(
        await env.request('GET', '/api/v1/servers/nope', { token: env.tokens.viewer }),
        404,
        'NOT_FOUND',
      );
    });

    test('validation and auth', async () => {
      for (const q of ['limit=0', 'limit=1001', 'in_recovery=maybe', 'sort=host', 'cursor=!!', 'q=']) {
        assertError(await env.request('GET', `/api/v1/servers?${q}`, { token: env.tokens.viewer }), 400);
      }
      assertError(await env.request('GET', '/api/v1/servers'), 401);
      assertError(await env.request('GET', '/api/v1/servers/srv-a'), 401);
    });
  });

  describe('metrics', () => {
    test('raw rows of a family, oldest first, time with microseconds', async () => {
      const body = await get(`/api/v1/servers/srv-a/metrics/system_cpu?${range()}&resolution=raw&limit=3`);
      assert.equal(body.table, 'system_cpu');
      assert.equal(body.resolution, 'raw');
      assert.equal(body.items.length, 3);
      assert.equal(body.items[0].time, fx.start.toISOString().replace('.000Z', '.000000Z'));
      assert.equal(body.items[0].cpus, 8);
      assert.ok(!('server_id' in body.items[0]));
      assert.ok(body.next_cursor);
    });

    test('rollups where they exist, chosen by the range or asked for; a column subset', async () => {
      const hourly = await get(`/api/v1/servers/srv-b/metrics/system_cpu?${range()}&limit=1000`);
      assert.equal(hourly.resolution, '1h');
      assert.equal(hourly.table, 'system_cpu_1h');
      assert.equal(hourly.items.length, 48);
      assert.equal(hourly.items[0].samples, 4);
      const daily = await get(
        `/api/v1/servers/srv-b/metrics/statements?${range()}&resolution=1d&columns=calls,queryid`,
      );
      assert.equal(daily.table, 'statements_1d');
      assert.deepEqual(Object.keys(daily.items[0]).sort(), ['calls', 'queryid', 'time']);
      assert.equal(typeof daily.items[0].queryid, 'string', '64-bit ids as strings');
    });

    test('pages of a family with many rows per sample walk every row exactly once', async () => {
      const rows = (await walk(
        `/api/v1/servers/srv-a/metrics/table_stats?${range()}&limit=5&columns=relid,n_live_tup`,
      )) as Array<{
        time: string;
        relid: number;
      }>;
      assert.equal(rows.length, fx.tableStatsRows);
      assert.equal(new Set(rows.map((r) => `${r.time}/${r.relid}`)).size, rows.length);
    });

    test('an unknown family or column, a missing rollup, bad parameters: 400; no token: 401', async () => {
      const bad = [
        `/api/v1/servers/srv-a/metrics/pg_authid?${range()}`,
        `/api/v1/servers/srv-a/metrics/system_cpu?columns=password`,
        `/api/v1/servers/srv-a/metrics/system_cpu?columns=time;drop`,
        `/api/v1/servers/srv-a/metrics/table_stats?resolution=1h`,
        `/api/v1/servers/srv-a/metrics/system_cpu?from=2025-13-01T00:00:00Z`,
        `/api/v1/servers/srv-a/metrics/system_cpu?limit=5000`,
        `/api/v1/servers/srv-a/metrics/system_cpu?format=csv`,
      ];
      for (const path of bad) assertError(await env.request('GET', path, { token: env.tokens.viewer }), 400);
      assertError(await env.request('GET', '/api/v1/servers/srv-a/metrics/system_cpu'), 401);
    });
  });

  describe('logs', () => {
    test('newest first; pages of two walk every event exactly once', async () => {
      const all = (await walk(`/api/v1/logs?${range()}&limit=2`)) as Array<{
        time: string;
        log_time: string;
        message: string;
      }>;
      assert.equal(all.length, fx.logEvents);
      const keys = all.map((e) => `${e.time}/${e.log_time}`);
      assert.equal(new Set(keys).size, all.length);
      const times = all.map((e) => e.time);
      assert.deepEqual(times, [...times].sort().reverse());
    });

    test('filters: server, minimum severity, category, SQLSTATE, literal text', async () => {
      const base = `/api/v1/logs?${range()}&limit=100`;
      const b = (await get(`${base}&server_id=srv-b`)).items;
      assert.ok(b.length > 0 && b.every((e: { server_id: string }) => e.server_id === 'srv-b'));
      const severe = (await get(`${base}&severity=ERROR`)).items;
      assert.ok(severe.length > 0);
      assert.ok(severe.every((e: { severity: string }) => ['ERROR', 'FATAL', 'PANIC'].includes(e.severity)));
      const dup = (await get(`${base}&sqlstate=23505&category=error`)).items;
      assert.ok(
        dup.length > 0 && dup.every((e: { message: string }) => e.message.startsWith('duplicate key')),
      );
      const pct = (await get(`${base}&q=100%25 FULL`)).items;
      assert.ok(
        pct.length > 0 && pct.every((e: { message: string }) => e.message === 'disk is 100% full_now'),
      );
      assert.equal((await get(`${base}&q=1000 full`)).items.length, 5);
      assert.equal((await get(`${base}&q=is _000`)).items.length, 0, '_ is not a wildcard');
    });

    test('bad parameters: 400; no token: 401', async () => {
      for (const q of ['severity=loud', 'sqlstate=2350', 'category=Error!', 'q=', 'limit=-1', 'text=x']) {
        assertError(await env.request('GET', `/api/v1/logs?${q}`, { token: env.tokens.viewer }), 400);
      }
      assertError(await env.request('GET', '/api/v1/logs'), 401);
    });
  });

  describe('anomalies', () => {
    test('newest first, filtered, paged', async () => {
      const all = await walk(`/api/v1/anomalies?${range()}&limit=4`);
      assert.equal(all.length, 6);
      const critical = (await get(`/api/v1/anomalies?${range()}&severity=warning&server_id=srv-a`)).items;
      assert.deepEqual(critical.map((a: { anomaly_id: string }) => a.anomaly_id).sort(), ['an-2', 'an-4']);
      const f2 = (await get(`/api/v1/anomalies?${range()}&fingerprint=${FP.f2}`)).items;
      assert.equal(f2.length, 3);
      assert.deepEqual(f2[0].explanation, [{ feature: 'mean_time', z: 4 }]);
    });

    test('status and the time it last changed; filtered by one or more statuses', async () => {
      const ids = (items: Array<{ anomaly_id: string }>) => items.map((a) => a.anomaly_id);
      const open = (await get(`/api/v1/anomalies?${range()}&status=open`)).items;
      assert.deepEqual(ids(open), ['an-4', 'an-2', 'an-1', 'an-0']);
      assert.ok(open.every((a: { status: string }) => a.status === 'open'));
      assert.ok(open.every((a: { status_changed_at: string | null }) => a.status_changed_at === null));
      const closed = (await get(`/api/v1/anomalies?${range()}&status=dismissed,acknowledged`)).items;
      assert.deepEqual(ids(closed), ['an-5', 'an-3']);
      assert.equal(closed[1].status, 'acknowledged');
      assert.equal(
        new Date(closed[1].status_changed_at).getTime(),
        new Date(closed[1].detected_at).getTime() + 3_600_000,
      );
      const paged = await walk(`/api/v1/anomalies?${range()}&status=open,dismissed&limit=2`);
      assert.equal(paged.length, 5);
      assert.deepEqual((await get(`/api/v1/anomalies?${range()}&status=resolved`)).items, []);
    });

    test('bad parameters: 400; no token: 401', async () => {
      for (const q of [
        'severity=high',
        'fingerprint=XYZ',
        'status=expired',
        'status=OPEN',
        'status=open,',
        'status=open;resolved',
        'state=open',
      ]) {
        assertError(await env.request('GET', `/api/v1/anomalies?${q}`, { token: env.tokens.viewer }), 400);
      }
      assertError(await env.request('GET', '/api/v1/anomalies'), 401);
    });

    test('lifecycle: acknowledge, resolve, dismiss; invalid transitions 409; unknown 404; audited', async () => {
      const post = (id: string, action: string, body?: unknown) =>
        env.request('POST', `/api/v1/anomalies/${id}/${action}`, { token: env.tokens.operator, body });
      const before = (await get(`/api/v1/anomalies?${range()}&server_id=srv-a&limit=100`)).items.find(
        (a: { anomaly_id: string }) => a.anomaly_id === 'an-0',
      );
      const ack = await post('an-0', 'acknowledge', { note: 'looking into it' });
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      assert.deepEqual(
        { ...ack.body, status: undefined, status_changed_at: undefined },
        { ...before, status: undefined, status_changed_at: undefined },
        'only the status and its time change',
      );
      assert.equal(ack.body.status, 'acknowledged');
      assert.ok(Math.abs(new Date(ack.body.status_changed_at).getTime() - Date.now()) < 60_000);

      const again = await post('an-0', 'acknowledge');
      assertError(again, 409, 'CONFLICT');
      assert.deepEqual(again.body.error.details, { status: 'acknowledged', allowed_from: ['open'] });
      assert.equal((await post('an-0', 'resolve')).body.status, 'resolved');
      assertError(await post('an-0', 'dismiss'), 409);
      assert.equal((await post('an-1', 'dismiss', {})).body.status, 'dismissed');
      assert.equal((await post('an-3', 'resolve')).body.status, 'resolved', 'acknowledged → resolved');
      assertError(await post('an-5', 'acknowledge'), 409); // dismissed stays dismissed
      assertError(await post('an-missing', 'resolve'), 404, 'NOT_FOUND');
      assertError(await post('an-2', 'resolve', { note: 'x', extra: 1 }), 400, 'VALIDATION_FAILED');
      assertError(await post('an-2', 'resolve', { note: '' }), 400);
      assertError(await post('an-2', 'resolve', { note: 'a'.repeat(1001) }), 400);
      assertError(await post('an-2', 'reopen'), 404);
      assert.deepEqual(
        (await get(`/api/v1/anomalies?${range()}&status=resolved`)).items
          .map((a: { anomaly_id: string }) => a.anomaly_id)
          .sort(),
        ['an-0', 'an-3'],
      );

      const audit = await env.pool.query<{
        action: string;
        target: string;
        outcome: string;
        details: unknown;
      }>(
        `SELECT action, target, outcome, details FROM audit_log WHERE action LIKE 'anomaly.%' ORDER BY audit_id`,
      );
      assert.deepEqual(
        audit.rows.map((r) => [r.action, r.target, r.outcome]),
        [
          ['anomaly.acknowledge', 'an-0', 'success'],
          ['anomaly.acknowledge', 'an-0', 'failure'],
          ['anomaly.resolve', 'an-0', 'success'],
          ['anomaly.dismiss', 'an-0', 'failure'],
          ['anomaly.dismiss', 'an-1', 'success'],
          ['anomaly.resolve', 'an-3', 'success'],
          ['anomaly.acknowledge', 'an-5', 'failure'],
          ['anomaly.resolve', 'an-missing', 'failure'],
        ],
        'refused by validation: not audited as a transition',
      );
      assert.deepEqual(audit.rows[0]?.details, { from: 'open', to: 'acknowledged', note: 'looking into it' });
      assert.deepEqual(audit.rows[1]?.details, { reason: 'invalid_transition', status: 'acknowledged' });
      assert.deepEqual(audit.rows[7]?.details, { reason: 'not_found' });
    });

    test('a viewer cannot change one (403), nobody without a token (401); refusals change nothing', async () => {
      const rows = () => env.pool.query('SELECT * FROM anomalies ORDER BY anomaly_id').then((r) => r.rows);
      const before = await rows();
      const url = (id: string, action: string) => `/api/v1/anomalies/${id}/${action}`;
      for (const action of ['acknowledge', 'resolve', 'dismiss']) {
        assertError(await env.request('POST', url('an-2', action), { token: env.tokens.viewer }), 403);
        assertError(await env.request('POST', url('an-2', action)), 401);
        assertError(await env.request('POST', url('an-2', action), { token: 'pga_nope' }), 401);
      }
      assertError(
        await env.request('POST', url('an-2', 'resolve'), {
          token: env.tokens.operator,
          body: { status: 'x' },
        }),
        400,
      );
      assertError(
        await env.request('POST', url('an-2', 'resolve'), {
          token: env.tokens.operator,
          rawBody: '{"note":',
        }),
        400,
      );
      assertError(await env.request('POST', url('an-5', 'acknowledge'), { token: env.tokens.operator }), 409);
      assert.deepEqual(await rows(), before);
      const forbidden = await env.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE action = 'auth.forbidden' AND target LIKE 'POST /api/v1/anomalies/an-2/%'`,
      );
      assert.equal(forbidden.rows[0]?.n, 3, 'the viewer attempts are audited');
    });
  });

  describe('recommendations', () => {
    test('listed by last update, filtered by status, kind and server', async () => {
      assert.equal((await walk('/api/v1/recommendations?limit=2')).length, 5);
      const open = (await get('/api/v1/recommendations?status=open,acknowledged')).items;
      assert.equal(open.length, 4);
      const kind = (await get('/api/v1/recommendations?kind=unused_index&server_id=srv-b')).items;
      assert.deepEqual(
        kind.map((r: { recommendation_id: string }) => r.recommendation_id),
        ['rec-3'],
      );
      for (const q of ['status=closed', 'status=open,', 'limit=0', 'benefit=1']) {
        assertError(
          await env.request('GET', `/api/v1/recommendations?${q}`, { token: env.tokens.viewer }),
          400,
        );
      }
    });

    test('lifecycle: acknowledge, resolve, dismiss; invalid transitions 409; audited', async () => {
      const post = (id: string, action: string, token = env.tokens.operator, body?: unknown) =>
        env.request('POST', `/api/v1/recommendations/${id}/${action}`, { token, body });
      const ack = await post('rec-0', 'acknowledge', env.tokens.operator, { note: 'looking into it' });
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      assert.equal(ack.body.status, 'acknowledged');
      assertError(await post('rec-0', 'acknowledge'), 409, 'CONFLICT');
      assert.equal((await post('rec-0', 'resolve')).body.status, 'resolved');
      assertError(await post('rec-0', 'dismiss'), 409);
      assert.equal((await post('rec-1', 'dismiss')).body.status, 'dismissed');
      assertError(await post('rec-4', 'acknowledge'), 409); // resolved stays resolved
      assertError(await post('rec-missing', 'resolve'), 404);
      assertError(await post('rec-2', 'resolve', env.tokens.operator, { note: 'x', extra: 1 }), 400);
      assertError(await post('rec-2', 'reopen'), 404);

      const audit = await env.pool.query<{ action: string; target: string; outcome: string }>(
        `SELECT action, target, outcome FROM audit_log WHERE action LIKE 'recommendation.%' ORDER BY audit_id`,
      );
      assert.deepEqual(audit.rows.slice(0, 4), [
        { action: 'recommendation.acknowledge', target: 'rec-0', outcome: 'success' },
        { action: 'recommendation.acknowledge', target: 'rec-0', outcome: 'failure' },
        { action: 'recommendation.resolve', target: 'rec-0', outcome: 'success' },
        { action: 'recommendation.dismiss', target: 'rec-0', outcome: 'failure' },
      ]);
    });

    test('a viewer cannot change one (403), nobody without a token (401); nothing changes', async () => {
      const before = await env.pool.query(
        'SELECT recommendation_id, status, updated_at FROM recommendations ORDER BY 1',
      );
      assertError(
        await env.request('POST', '/api/v1/recommendations/rec-2/resolve', { token: env.tokens.viewer }),
        403,
      );
      assertError(await env.request('POST', '/api/v1/recommendations/rec-2/resolve'), 401);
      const after = await env.pool.query(
        'SELECT recommendation_id, status, updated_at FROM recommendations ORDER BY 1',
      );
      assert.deepEqual(after.rows, before.rows);
    });
  });

  describe('schemas', () => {
    test('every topic, its current fingerprint and the older writers from the fixtures', async () => {
      const body = await get('/api/v1/schemas');
      const statements = body.items.find((s: { name: string }) => s.name === 'metrics.statements.v1');
      assert.equal(statements.topic, 'pga.metrics.statements.v1');
      assert.match(statements.fingerprint, /^[0-9a-f]{16}$/);
      assert.equal(statements.versions[0].fingerprint, statements.fingerprint);
      assert.equal(statements.versions[0].current, true);
      assert.ok(body.items.length >= 13);
    });

    test('one schema by fingerprint: its canonical form hashes to that fingerprint', async () => {
      const list = (await get('/api/v1/schemas')).items;
      for (const s of list) {
        for (const v of s.versions) {
          const one = await get(`/api/v1/schemas/${v.fingerprint}`);
          assert.equal(one.name, s.name);
          assert.equal(one.current, v.current);
          assert.equal(crc64AvroBuffer(one.canonical_form).toString('hex'), v.fingerprint);
          assert.equal(typeof one.schema.fields, 'object');
        }
      }
      assertError(
        await env.request('GET', '/api/v1/schemas/0000000000000000', { token: env.tokens.viewer }),
        404,
      );
      assertError(await env.request('GET', '/api/v1/schemas/C3A1', { token: env.tokens.viewer }), 400);
      assertError(await env.request('GET', '/api/v1/schemas'), 401);
    });
  });

  test('every read is in the OpenAPI document', async () => {
    const doc = (await env.request('GET', '/api/v1/openapi.json')).body;
    for (const path of [
      '/api/v1/servers',
      '/api/v1/servers/{id}',
      '/api/v1/servers/{id}/metrics/{family}',
      '/api/v1/queries/top',
      '/api/v1/queries/{fingerprint}',
      '/api/v1/logs',
      '/api/v1/anomalies',
      '/api/v1/anomalies/{id}/acknowledge',
      '/api/v1/anomalies/{id}/resolve',
      '/api/v1/anomalies/{id}/dismiss',
      '/api/v1/recommendations',
      '/api/v1/recommendations/{id}/acknowledge',
      '/api/v1/recommendations/{id}/resolve',
      '/api/v1/recommendations/{id}/dismiss',
      '/api/v1/schemas',
      '/api/v1/schemas/{fingerprint}',
    ]) {
      assert.ok(doc.paths[path], `${path} documented`);
    }
    const top = doc.paths['/api/v1/queries/top'].get;
    assert.ok(top.parameters.some((p: { name: string }) => p.name === 'sort'));
    assert.ok(top.responses['400'] && top.responses['401']);
    const anomalies = doc.paths['/api/v1/anomalies'].get;
    assert.ok(anomalies.parameters.some((p: { name: string }) => p.name === 'status'));
    assert.deepEqual(doc.components.schemas.Anomaly.properties.status.enum, [
      'open',
      'acknowledged',
      'resolved',
      'dismissed',
    ]);
    const ack = doc.paths['/api/v1/anomalies/{id}/acknowledge'].post;
    assert.deepEqual(Object.keys(ack.responses).sort(), ['200', '400', '401', '403', '404', '409']);
  });
});
