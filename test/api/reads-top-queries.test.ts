import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pgExecutor } from '../../services/lib/db/executor.ts';
import { createApiEnv, type ApiEnv } from '../support/api-env.ts';
import { assertError } from './helpers.ts';
import { FP, QUERIES, seedReads, type ReadsFixture } from './reads-fixture.ts';

// GET /api/v1/queries/top and /api/v1/queries/{fingerprint} against the real database: the sums match the
// fixture's, raw samples and both rollups agree over whole days, pages walk every item exactly once.

describe('top queries', () => {
  let env: ApiEnv;
  let fx: ReadsFixture;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const get = async (path: string): Promise<any> => {
    const res = await env.request('GET', path, { token: env.tokens.viewer });
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const range = () => `from=${fx.start.toISOString()}&to=${fx.end.toISOString()}`;

  before(async () => {
    env = await createApiEnv();
    fx = await seedReads(pgExecutor(env.pool));
  });
  after(() => env?.close());

  test('one server: sums per statement as in the fixture, first-seen rows left out, texts joined', async () => {
    const body = await get(`/api/v1/queries/top?server_id=srv-a&${range()}&resolution=raw`);
    assert.equal(body.scope, 'server');
    assert.equal(body.resolution, 'raw');
    assert.equal(body.next_cursor, null);
    assert.equal(body.items.length, QUERIES.filter((q) => q.server === 'srv-a').length);
    for (const item of body.items) {
      const want = fx.byQuery.get(`srv-a/${item.queryid}`);
      assert.ok(want, `unexpected queryid ${item.queryid}`);
      assert.equal(item.calls, want.calls);
      assert.equal(item.total_time_ms, want.total_time_ms);
      assert.equal(item.rows, want.rows);
      assert.equal(item.io_blocks, want.io_blocks);
      assert.equal(item.temp_blks_written, want.temp_blks_written);
      assert.equal(item.mean_time_ms, want.total_time_ms / want.calls);
    }
    const times = body.items.map((i: { total_time_ms: number }) => i.total_time_ms);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'sorted by total time, descending',
    );
    const byId = new Map(body.items.map((i: { queryid: string }) => [i.queryid, i]));
    assert.equal((byId.get('-9223372036854775807') as { fingerprint: string }).fingerprint, FP.f2);
    assert.equal((byId.get('4004') as { query: unknown }).query, null, 'no text yet');
    assert.equal((byId.get('5005') as { fingerprint: unknown }).fingerprint, null, 'text that did not parse');
  });

  test('fleet-wide: grouped by fingerprint across servers, with the servers count and the newest text', async () => {
    const body = await get(`/api/v1/queries/top?${range()}&resolution=1h&limit=10`);
    assert.equal(body.scope, 'fleet');
    assert.deepEqual(
      body.items.map((i: { fingerprint: string }) => i.fingerprint).sort(),
      [...fx.byFingerprint.keys()].sort(),
      'statements without a fingerprint are not in the fleet view',
    );
    for (const item of body.items) {
      const want = fx.byFingerprint.get(item.fingerprint);
      assert.ok(want);
      assert.equal(item.servers, want.servers.size);
      assert.equal(item.calls, want.calls);
      assert.equal(item.total_time_ms, want.total_time_ms);
      assert.equal(item.shared_blks_read, want.shared_blks_read);
    }
    const f1 = body.items.find((i: { fingerprint: string }) => i.fingerprint === FP.f1);
    assert.equal(f1.query, 'SELECT * FROM t WHERE id = $1');
    assert.equal(f1.fingerprint_version, 'libpg-query@test');
  });

  for (const scope of ['srv-a', 'srv-b', 'fleet'] as const) {
    test(`${scope}: raw, 1h and 1d give the same totals over whole days, for every sort`, async () => {
      const server = scope === 'fleet' ? '' : `server_id=${scope}&`;
      for (const sort of ['total_time', 'calls', 'mean_time', 'io', 'temp']) {
        const answers = [];
        for (const resolution of ['raw', '1h', '1d']) {
          const body = await get(
            `/api/v1/queries/top?${server}${range()}&sort=${sort}&resolution=${resolution}`,
          );
          assert.equal(body.resolution, resolution);
          assert.equal(body.from, fx.start.toISOString());
          assert.equal(body.to, fx.end.toISOString());
          answers.push(body.items.map(({ max_time_ms: _m, ...rest }: Record<string, unknown>) => rest));
        }
        assert.ok(answers[0].length > 0);
        assert.deepEqual(answers[1], answers[0], `${sort}: 1h = raw`);
        assert.deepEqual(answers[2], answers[0], `${sort}: 1d = raw`);
      }
    });
  }

  for (const [scope, sort] of [
    ['srv-a', 'calls'],
    ['fleet', 'mean_time'],
    ['srv-a', 'temp'],
  ] as const) {
    test(`pages of one (${scope}, ${sort}) walk every item exactly once, in the order of one page`, async () => {
      const base = `/api/v1/queries/top?${scope === 'fleet' ? '' : `server_id=${scope}&`}${range()}&sort=${sort}&resolution=1h`;
      const whole = (await get(`${base}&limit=100`)).items;
      const walked = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const body = await get(`${base}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        walked.push(...body.items);
        cursor = body.next_cursor;
        assert.ok(++pages <= whole.length + 1, 'the walk ends');
      } while (cursor);
      assert.deepEqual(walked, whole);
    });
  }

  test('a cursor of another sort or listing, or a forged one, is refused', async () => {
    const first = await get(`/api/v1/queries/top?server_id=srv-a&${range()}&sort=calls&limit=1`);
    assert.ok(first.next_cursor);
    const other = await env.request(
      'GET',
      `/api/v1/queries/top?server_id=srv-a&${range()}&sort=io&cursor=${first.next_cursor}`,
      {
        token: env.tokens.viewer,
      },
    );
    assertError(other, 400, 'INVALID_CURSOR');
    const fleet = await env.request(
      'GET',
      `/api/v1/queries/top?${range()}&sort=calls&cursor=${first.next_cursor}`,
      {
        token: env.tokens.viewer,
      },
    );
    assertError(fleet, 400, 'INVALID_CURSOR');
    const forged = Buffer.from(
      JSON.stringify({ t: 'top:server:calls', k: ["1'; DROP TABLE servers; --", '1', '1', '1'] }),
    ).toString('base64url');
    assertError(
      await env.request('GET', `/api/v1/queries/top?server_id=srv-a&${range()}&sort=calls&cursor=${forged}`, {
        token: env.tokens.viewer,
      }),
      400,
      'INVALID_CURSOR',
    );
    assertError(
      await env.request('GET', `/api/v1/queries/top?server_id=srv-a&cursor=bm90LWpzb24`, {
        token: env.tokens.viewer,
      }),
      400,
      'INVALID_CURSOR',
    );
  });

  test('the resolution follows the range unless asked, and the response says which it used', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const six = await get(`/api/v1/queries/top?from=${iso(now - 5 * 3_600_000)}&to=${iso(now)}`);
    assert.equal(six.resolution, 'raw');
    const day = await get(`/api/v1/queries/top?${range()}`);
    assert.equal(day.resolution, '1h');
    const month = await get(`/api/v1/queries/top?from=${iso(now - 30 * 86_400_000)}&to=${iso(now)}`);
    assert.equal(month.resolution, '1d');
    assert.equal(new Date(month.from).getUTCHours(), 0, 'widened to whole days');
    const old = await get(
      `/api/v1/queries/top?from=${iso(now - 20 * 86_400_000)}&to=${iso(now - 20 * 86_400_000 + 3_600_000)}`,
    );
    assert.equal(old.resolution, '1h', 'raw data of 20 days ago is past its retention');
    const def = await get('/api/v1/queries/top');
    assert.equal(def.resolution, '1h');
    assert.ok(Math.abs(new Date(def.to).getTime() - now) < 2 * 3_600_000, 'the last 24 hours by default');
  });

  test('rollup answers are cached (X-Cache) and revalidate with their ETag', async () => {
    const path = `/api/v1/queries/top?${range()}&resolution=1d&sort=io&limit=7`;
    const first = await env.request('GET', path, { token: env.tokens.viewer });
    const second = await env.request('GET', path, { token: env.tokens.viewer });
    assert.equal(first.headers.get('x-cache'), 'miss');
    assert.equal(second.headers.get('x-cache'), 'hit');
    assert.deepEqual(second.body, first.body);
    const etag = second.headers.get('etag') as string;
    // fetch() adds Cache-Control: no-cache to a conditional request unless told otherwise (Fetch spec).
    const again = await env.request('GET', path, {
      token: env.tokens.viewer,
      headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' },
    });
    assert.equal(again.status, 304);
    const raw = await env.request('GET', `/api/v1/queries/top?${range()}&resolution=raw`, {
      token: env.tokens.viewer,
    });
    assert.equal(raw.headers.get('x-cache'), 'off', 'raw reads are never cached');
  });

  test('invalid parameters are refused with the one error shape', async () => {
    const bad = [
      'sort=slowest',
      'from=yesterday',
      'from=2025-01-01T00:00:00',
      `from=${fx.end.toISOString()}&to=${fx.start.toISOString()}`,
      'from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z',
      'limit=0',
      'limit=1001',
      'limit=ten',
      'resolution=5m',
      'server=srv-a',
      'server_id=',
      `from=${new Date(fx.start.getTime() - 3 * 86_400_000).toISOString()}&resolution=raw`,
    ];
    for (const q of bad) {
      const res = await env.request('GET', `/api/v1/queries/top?${q}`, { token: env.tokens.viewer });
      assertError(res, 400);
    }
  });

  test('query detail: text, series per bucket, servers', async () => {
    const body = await get(`/api/v1/queries/${FP.f1}?${range()}&resolution=1d`);
    const want = fx.byFingerprint.get(FP.f1);
    assert.ok(want);
    assert.equal(body.query, 'SELECT * FROM t WHERE id = $1');
    assert.equal(body.series.length, 2, 'two days');
    assert.equal(
      body.series.reduce((n: number, p: { calls: number }) => n + p.calls, 0),
      want.calls,
    );
    assert.deepEqual(
      body.servers.map((s: { server_id: string }) => s.server_id).sort(),
      [...want.servers].sort(),
    );
    assert.equal(
      body.servers.reduce((n: number, s: { total_time_ms: number }) => n + s.total_time_ms, 0),
      want.total_time_ms,
    );
    const hourly = await get(`/api/v1/queries/${FP.f1}?${range()}&resolution=1h`);
    assert.equal(hourly.series.length, 48);
    const raw = await get(`/api/v1/queries/${FP.f1}?${range()}&resolution=raw`);
    assert.equal(
      raw.series.reduce((n: number, p: { calls: number }) => n + p.calls, 0),
      want.calls,
    );

    assertError(
      await env.request('GET', `/api/v1/queries/ffffffffffffffff`, { token: env.tokens.viewer }),
      404,
    );
    assertError(
      await env.request('GET', `/api/v1/queries/not-a-fingerprint`, { token: env.tokens.viewer }),
      400,
    );
    assertError(
      await env.request('GET', `/api/v1/queries/${FP.f1}?sort=calls`, { token: env.tokens.viewer }),
      400,
    );
  });

  test('without a token: 401; any role reads', async () => {
    assertError(await env.request('GET', '/api/v1/queries/top'), 401);
    assertError(await env.request('GET', `/api/v1/queries/${FP.f1}`), 401);
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const res = await env.request('GET', '/api/v1/queries/top', { token: env.tokens[role] });
      assert.equal(res.status, 200);
    }
  });
});
