import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../../services/api/http/api-error.ts';
import {
  decodeCursor,
  encodeCursor,
  keysetCursor,
  keysetKey,
  toPage,
} from '../../services/api/http/pagination.ts';
import { resolveRange } from '../../services/api/http/time-range.ts';
import { z } from '../../services/api/openapi.ts';
import {
  keysetAfter,
  likePattern,
  SqlParams,
  statementName,
  type SortKey,
} from '../../services/api/sql/reads/keyset.ts';
import { ReadCache } from '../../services/api/sql/reads/read-cache.ts';
import { chooseResolution, widen } from '../../services/api/sql/reads/resolution.ts';

// The pieces of the read routes that need no database: cursors, keyset predicates, resolution choice, time
// ranges and the read cache.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);

function rejects400(fn: () => unknown, code: string): void {
  assert.throws(fn, (err: unknown) => err instanceof ApiError && err.status === 400 && err.code === code);
}

describe('cursors', () => {
  const schema = keysetCursor('logs', ['timestamp', 'text', 'int', 'numeric']);
  const key = ['2025-03-01T10:00:00.123456Z', "srv-'a", '-9223372036854775808', '12.500000'];

  test('a compound key goes round trip, opaque and URL-safe', () => {
    const cursor = encodeCursor(keysetKey('logs', key));
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(cursor, schema), key);
  });

  test('another ordering, a wrong arity or a value of the wrong kind is a 400', () => {
    const bad = [
      keysetKey('servers', key),
      keysetKey('logs', key.slice(0, 3)),
      keysetKey('logs', ['yesterday', ...key.slice(1)]),
      keysetKey('logs', [key[0] as string, 'x', '9223372036854775808', '1']),
      keysetKey('logs', [key[0] as string, 'x', '1', '1e9']),
      keysetKey('logs', [key[0] as string, 'x'.repeat(1001), '1', '1']),
      { t: 'logs', k: key, extra: 1 },
    ];
    for (const b of bad) rejects400(() => decodeCursor(encodeCursor(b), schema), 'INVALID_CURSOR');
    rejects400(() => decodeCursor('not base64 json', schema), 'INVALID_CURSOR');
  });

  test('a page keeps `limit` rows and points past the last one only when there is more', () => {
    const rows = [1, 2, 3];
    const more = toPage(
      rows,
      2,
      (r) => ({ r }),
      (r) => r,
    );
    assert.deepEqual(more.items, [{ r: 1 }, { r: 2 }]);
    assert.equal(decodeCursor(more.next_cursor as string, z.number()), 2);
    assert.equal(
      toPage(
        rows,
        3,
        (r) => r,
        (r) => r,
      ).next_cursor,
      null,
    );
  });
});

describe('keyset predicate', () => {
  test('mixed directions: an OR chain of equalities, plus a bound on the first key for the index', () => {
    const keys: SortKey[] = [
      { expr: 'l.time', kind: 'timestamp', dir: 'desc' },
      { expr: 'l.server_id', kind: 'text', dir: 'asc' },
    ];
    const p = new SqlParams();
    p.add('first');
    const sql = keysetAfter(keys, ['2025-01-01T00:00:00Z', 'srv'], p);
    assert.equal(
      sql,
      '(l.time <= $2::timestamptz AND ((l.time < $2::timestamptz) OR (l.time = $2::timestamptz AND l.server_id > $3::text)))',
    );
    assert.deepEqual(p.values, ['first', '2025-01-01T00:00:00Z', 'srv']);
  });

  test('LIKE patterns match literally', () => {
    assert.equal(likePattern('100%_\\x'), '%100\\%\\_\\\\x%');
  });

  test('a prepared statement name is a function of its text', () => {
    assert.equal(statementName('SELECT 1'), statementName('SELECT 1'));
    assert.notEqual(statementName('SELECT 1'), statementName('SELECT 2'));
    assert.ok(statementName('SELECT 1').length < 64, 'within NAMEDATALEN');
  });
});

describe('resolution', () => {
  const now = at('2025-03-10T12:30:00Z');
  const all = ['raw', '1h', '1d'] as const;
  const choose = (hours: number, opts: Partial<Parameters<typeof chooseResolution>[0]> = {}) =>
    chooseResolution({
      range: { from: new Date(now.getTime() - hours * HOUR), to: now },
      available: all,
      now,
      ...opts,
    });

  test('by span: up to 6 h raw, up to 14 days hourly, else daily', () => {
    assert.equal(choose(6).resolution, 'raw');
    assert.equal(choose(6.01).resolution, '1h');
    assert.equal(choose(14 * 24).resolution, '1h');
    assert.equal(choose(14 * 24 + 1).resolution, '1d');
  });

  test('coarser when the finer data is past its retention; asked for, as asked', () => {
    const retention = { rawDays: 14, hourlyDays: 90 };
    const old = { from: new Date(now.getTime() - 20 * DAY), to: new Date(now.getTime() - 20 * DAY + HOUR) };
    assert.equal(chooseResolution({ range: old, available: all, retention, now }).resolution, '1h');
    const older = { from: new Date(now.getTime() - 100 * DAY), to: new Date(now.getTime() - 99 * DAY) };
    assert.equal(chooseResolution({ range: older, available: all, retention, now }).resolution, '1d');
    assert.equal(
      chooseResolution({ range: older, requested: 'raw', available: all, retention, now }).resolution,
      'raw',
    );
  });

  test('families without rollups are read raw; rollup ranges are widened to whole UTC buckets', () => {
    assert.equal(choose(24 * 30, { available: ['raw'] }).resolution, 'raw');
    const hourly = choose(24);
    assert.deepEqual(hourly.range, { from: at('2025-03-09T12:00:00Z'), to: at('2025-03-10T13:00:00Z') });
    assert.deepEqual(widen({ from: at('2025-03-09T00:00:00Z'), to: at('2025-03-10T00:00:00Z') }, DAY), {
      from: at('2025-03-09T00:00:00Z'),
      to: at('2025-03-10T00:00:00Z'),
    });
  });
});

describe('time range', () => {
  const now = at('2025-03-10T12:00:00Z');

  test('the last 24 hours by default; one end given, the other derived', () => {
    assert.deepEqual(resolveRange({}, { now }), { from: at('2025-03-09T12:00:00Z'), to: now });
    assert.deepEqual(resolveRange({ to: '2025-03-01T00:00:00Z' }, { now }), {
      from: at('2025-02-28T00:00:00Z'),
      to: at('2025-03-01T00:00:00Z'),
    });
    assert.deepEqual(resolveRange({ from: '2025-03-10T00:00:00+01:00' }, { now }), {
      from: at('2025-03-09T23:00:00Z'),
      to: now,
    });
  });

  test('empty, inverted or longer than 400 days: a validation error', () => {
    rejects400(
      () => resolveRange({ from: '2025-03-01T00:00:00Z', to: '2025-03-01T00:00:00Z' }, { now }),
      'VALIDATION_FAILED',
    );
    rejects400(
      () => resolveRange({ from: '2025-03-02T00:00:00Z', to: '2025-03-01T00:00:00Z' }, { now }),
      'VALIDATION_FAILED',
    );
    rejects400(
      () => resolveRange({ from: '2024-01-01T00:00:00Z', to: '2025-03-01T00:00:00Z' }, { now }),
      'VALIDATION_FAILED',
    );
    rejects400(() => resolveRange({ from: '2025-03-11T00:00:00Z' }, { now }), 'VALIDATION_FAILED');
  });
});

describe('read cache', () => {
  const clock = () => {
    let t = 0;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  test('a miss loads and stores; a hit within the TTL does not load; after it, loads again', async () => {
    const c = clock();
    const cache = new ReadCache(1000, 10, 1e6, c.now);
    let loads = 0;
    const load = async () => `body-${++loads}`;
    const first = await cache.get('k', load);
    assert.equal(first.body, 'body-1');
    assert.equal(first.hit, false);
    assert.match(first.etag, /^W\/"[A-Za-z0-9_-]+"$/);
    assert.deepEqual(await cache.get('k', load), { ...first, hit: true });
    c.advance(1000);
    const again = await cache.get('k', load);
    assert.equal(again.body, 'body-2');
    assert.equal(again.hit, false);
    assert.equal(loads, 2);
  });

  test('concurrent misses of one key share one load; a failed load is not kept', async () => {
    const cache = new ReadCache(1000);
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = async () => {
      loads++;
      await gate;
      return 'x';
    };
    const all = Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    release();
    const results = await all;
    assert.equal(loads, 1);
    assert.deepEqual(
      results.map((r) => r.hit),
      [false, true, true],
    );
    await assert.rejects(
      cache.get('e', async () => Promise.reject(new Error('db down'))),
      /db down/,
    );
    assert.equal((await cache.get('e', async () => 'ok')).body, 'ok');
  });

  test('bounded by entries and bytes, least recently used first; off when the TTL is 0', async () => {
    const cache = new ReadCache(60_000, 2, 10);
    await cache.get('a', async () => 'aaa');
    await cache.get('b', async () => 'bbb');
    await cache.get('a', async () => 'never');
    await cache.get('c', async () => 'ccc');
    assert.equal(cache.size, 2);
    assert.equal((await cache.get('a', async () => 'reloaded')).body, 'aaa', 'a was used last: kept');
    assert.equal((await cache.get('b', async () => 'reloaded')).body, 'reloaded', 'b was evicted');
    await cache.get('big', async () => 'x'.repeat(8));
    assert.ok(cache.size <= 2);
    const off = new ReadCache(0);
    let loads = 0;
    await off.get('k', async () => String(++loads));
    await off.get('k', async () => String(++loads));
    assert.equal(loads, 2);
    assert.equal(off.size, 0);
  });
});
