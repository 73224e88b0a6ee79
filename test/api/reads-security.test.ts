import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import { pgExecutor } from '../../services/lib/db/executor.ts';
import { createApiEnv, type ApiEnv } from '../support/api-env.ts';
import { INJECTIONS, snapshot } from './helpers.ts';
import { seedReads } from './reads-fixture.ts';

// SQL injection attempts in every string parameter of the read routes: each is answered with a 4xx or an
// empty result, never a 500, and no data changes.

const ATTEMPTS = [
  ...INJECTIONS,
  "srv-a' OR 'a'='a",
  "'; SELECT pg_sleep(3); --",
  '1) UNION SELECT * FROM servers --',
  '%',
  '_',
  '\\',
  '$1',
  "x'::regclass",
  '\u0000',
  'a'.repeat(5000),
];

async function digest(pool: pg.Pool): Promise<string> {
  const res = await pool.query(`
    SELECT (SELECT md5(string_agg(s::text, ',' ORDER BY server_id)) FROM servers s) AS servers,
           (SELECT md5(string_agg(r::text, ',' ORDER BY recommendation_id)) FROM recommendations r) AS recommendations,
           (SELECT md5(string_agg(a::text, ',' ORDER BY anomaly_id)) FROM anomalies a) AS anomalies,
           (SELECT md5(string_agg(q::text, ',' ORDER BY server_id, queryid)) FROM query_texts q) AS texts,
           (SELECT count(*) FROM statements) AS statements,
           (SELECT count(*) FROM statements_1h) AS hourly,
           (SELECT count(*) FROM log_events) AS logs,
           (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace) AS relations`);
  return JSON.stringify(res.rows[0]) + (await snapshot(pool));
}

/** Every GET read with `{}` where the attempt goes, and whether a 200 must then be empty. */
const GETS: Array<{ path: string; emptyOn200: boolean }> = [
  { path: '/api/v1/servers?q={}', emptyOn200: true },
  { path: '/api/v1/servers?in_recovery={}', emptyOn200: true },
  { path: '/api/v1/servers?cursor={}', emptyOn200: true },
  { path: '/api/v1/servers?from={}', emptyOn200: true },
  { path: '/api/v1/servers/{}', emptyOn200: true },
  { path: '/api/v1/servers/{}/metrics/system_cpu', emptyOn200: true },
  { path: '/api/v1/servers/srv-a/metrics/{}', emptyOn200: true },
  { path: '/api/v1/servers/srv-a/metrics/system_cpu?columns={}', emptyOn200: true },
  { path: '/api/v1/servers/srv-a/metrics/system_cpu?resolution={}', emptyOn200: true },
  { path: '/api/v1/servers/srv-a/metrics/table_stats?cursor={}', emptyOn200: true },
  { path: '/api/v1/queries/top?server_id={}', emptyOn200: true },
  { path: '/api/v1/queries/top?sort={}', emptyOn200: true },
  { path: '/api/v1/queries/top?to={}', emptyOn200: true },
  { path: '/api/v1/queries/top?cursor={}', emptyOn200: true },
  { path: '/api/v1/queries/top?limit={}', emptyOn200: true },
  { path: '/api/v1/queries/{}', emptyOn200: true },
  { path: '/api/v1/logs?server_id={}', emptyOn200: true },
  { path: '/api/v1/logs?severity={}', emptyOn200: true },
  { path: '/api/v1/logs?category={}', emptyOn200: true },
  { path: '/api/v1/logs?sqlstate={}', emptyOn200: true },
  { path: '/api/v1/logs?database={}', emptyOn200: true },
  { path: '/api/v1/logs?q={}', emptyOn200: true },
  { path: '/api/v1/logs?cursor={}', emptyOn200: true },
  { path: '/api/v1/anomalies?server_id={}', emptyOn200: true },
  { path: '/api/v1/anomalies?fingerprint={}', emptyOn200: true },
  { path: '/api/v1/anomalies?severity={}', emptyOn200: true },
  { path: '/api/v1/anomalies?status={}', emptyOn200: true },
  { path: '/api/v1/anomalies?cursor={}', emptyOn200: true },
  { path: '/api/v1/recommendations?server_id={}', emptyOn200: true },
  { path: '/api/v1/recommendations?status={}', emptyOn200: true },
  { path: '/api/v1/recommendations?kind={}', emptyOn200: true },
  { path: '/api/v1/recommendations?cursor={}', emptyOn200: true },
  { path: '/api/v1/schemas/{}', emptyOn200: true },
];

describe('SQL injection in the read routes', () => {
  let env: ApiEnv;
  let before_: string;

  before(async () => {
    env = await createApiEnv();
    await seedReads(pgExecutor(env.pool));
    before_ = await digest(env.pool);
  });
  after(() => env?.close());

  for (const { path, emptyOn200 } of GETS) {
    test(`GET ${path}`, async () => {
      for (const attempt of ATTEMPTS) {
        const url = path.replace('{}', encodeURIComponent(attempt));
        const res = await env.request('GET', url, { token: env.tokens.viewer });
        assert.ok(res.status < 500, `${url}: ${res.status} ${JSON.stringify(res.body)}`);
        if (res.status === 200 && emptyOn200 && Array.isArray(res.body.items)) {
          assert.deepEqual(res.body.items, [], `${url} found something`);
        } else if (res.status === 200) {
          assert.fail(`${url}: 200 ${JSON.stringify(res.body).slice(0, 200)}`);
        } else {
          assert.ok(res.status >= 400, `${url}: ${res.status}`);
        }
      }
    });
  }

  for (const collection of ['recommendations', 'anomalies']) {
    test(`POST ${collection} lifecycle routes: id and note`, async () => {
      for (const attempt of ATTEMPTS) {
        for (const action of ['acknowledge', 'resolve', 'dismiss']) {
          const res = await env.request(
            'POST',
            `/api/v1/${collection}/${encodeURIComponent(attempt)}/${action}`,
            {
              token: env.tokens.operator,
              body: { note: attempt },
            },
          );
          assert.ok(
            res.status >= 400 && res.status < 500,
            `${attempt}: ${res.status} ${JSON.stringify(res.body)}`,
          );
        }
      }
    });
  }

  test('nothing changed', async () => {
    assert.equal(await digest(env.pool), before_);
  });

  test('an attempt in the note of a transition that succeeds is kept as text, nothing else moves', async () => {
    const note = "'); UPDATE anomalies SET status = 'resolved'; --";
    const res = await env.request('POST', '/api/v1/anomalies/an-2/acknowledge', {
      token: env.tokens.operator,
      body: { note },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const statuses = await env.pool.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM anomalies GROUP BY status ORDER BY status',
    );
    assert.deepEqual(statuses.rows, [
      { status: 'acknowledged', n: 2 },
      { status: 'dismissed', n: 1 },
      { status: 'open', n: 3 },
    ]);
    const audit = await env.pool.query<{ details: { note: string } }>(
      "SELECT details FROM audit_log WHERE action = 'anomaly.acknowledge' AND target = 'an-2'",
    );
    assert.equal(audit.rows[0]?.details.note, note);
  });
});
