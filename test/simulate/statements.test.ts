import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Fleet } from '../../services/simulate/index.ts';
import { collect, rowsOf, smallFleet } from './helpers.ts';

interface StatementRow {
  queryid: bigint;
  dbid: number;
  userid: number;
  calls: number;
  rows: number;
  total_exec_time_ms: number;
  min_exec_time_ms: number;
  max_exec_time_ms: number;
  mean_exec_time_ms: number;
  shared_blks_hit: number;
  shared_blks_read: number;
  first_seen: boolean;
  reset: boolean;
  [k: string]: unknown;
}
interface InfoRow {
  dealloc: number | null;
  statements_seen: number;
  statements_sent: number;
  reset: boolean;
}

const COUNTERS = [
  'calls',
  'rows',
  'total_exec_time_ms',
  'shared_blks_hit',
  'shared_blks_read',
  'shared_blks_dirtied',
  'shared_blks_written',
  'temp_blks_read',
  'temp_blks_written',
  'shared_blk_read_time_ms',
  'wal_records',
  'wal_fpi',
  'wal_bytes',
  'plans',
  'total_plan_time_ms',
  'jit_functions',
];

describe('statements family', () => {
  it('sends non-negative deltas, gauges in order, and the first sample as first_seen cumulative values', () => {
    const batches = collect(smallFleet({ families: ['statements'], intervals: 5 }));
    for (const b of batches) {
      const rows = rowsOf<StatementRow>(b, 'rows');
      const first = b.value.envelope.sequence === 1;
      for (const r of rows) {
        for (const c of COUNTERS) {
          const v = r[c];
          if (v === null) continue;
          assert.ok(typeof v === 'number' && v >= 0 && Number.isFinite(v), `${c}=${String(v)}`);
        }
        assert.ok(r.calls > 0, 'only entries whose counters moved are sent');
        assert.ok(r.min_exec_time_ms <= r.mean_exec_time_ms && r.mean_exec_time_ms <= r.max_exec_time_ms);
        assert.equal(typeof r.queryid, 'bigint');
        if (first) assert.equal(r.first_seen, true);
      }
      const info = rowsOf<InfoRow>(b, 'info');
      assert.equal(info.length, 1);
      assert.equal(info[0]!.statements_sent, rows.length);
      assert.ok(info[0]!.statements_seen >= rows.length);
    }
    // Later samples are deltas: far smaller than the cumulative first sample of the same entry.
    const byServer = batches.filter((b) => b.key === 'sim-1');
    const firstCalls = rowsOf<StatementRow>(byServer[0]!, 'rows').reduce((s, r) => s + r.calls, 0);
    const laterCalls = rowsOf<StatementRow>(byServer[1]!, 'rows').reduce((s, r) => s + r.calls, 0);
    assert.ok(firstCalls > laterCalls * 10, `${firstCalls} vs ${laterCalls}`);
  });

  it('has a realistic shape: Zipf-like popularity and a buffer hit ratio around 99 %', () => {
    const batches = collect(
      smallFleet({ families: ['statements'], statements: 300, intervals: 4, servers: 2 }),
    );
    const later = batches.filter((b) => b.value.envelope.sequence > 1);
    const calls = later
      .flatMap((b) => rowsOf<StatementRow>(b, 'rows').map((r) => r.calls))
      .sort((a, b) => b - a);
    const total = calls.reduce((s, c) => s + c, 0);
    const top = calls.slice(0, Math.ceil(calls.length / 10)).reduce((s, c) => s + c, 0);
    assert.ok(top / total > 0.5, `top 10 % of rows take ${((100 * top) / total).toFixed(0)} % of calls`);
    let hit = 0;
    let read = 0;
    for (const b of later) {
      for (const r of rowsOf<StatementRow>(b, 'rows')) {
        hit += r.shared_blks_hit;
        read += r.shared_blks_read;
      }
    }
    const ratio = hit / (hit + read);
    assert.ok(ratio > 0.97 && ratio < 0.9999, `hit ratio ${ratio}`);
  });

  it('marks every row reset=true in an interval where pg_stat_statements was reset, and info too', () => {
    const batches = collect(smallFleet({ families: ['statements'], resetProbability: 1, intervals: 4 }));
    for (const b of batches) {
      const first = b.value.envelope.sequence === 1;
      const info = rowsOf<InfoRow>(b, 'info')[0]!;
      assert.equal(info.reset, !first);
      for (const r of rowsOf<StatementRow>(b, 'rows')) {
        if (!r.first_seen) assert.equal(r.reset, true);
      }
    }
    const none = collect(smallFleet({ families: ['statements'], resetProbability: 0, intervals: 4 }));
    assert.ok(none.every((b) => rowsOf<StatementRow>(b, 'rows').every((r) => !r.reset)));
  });

  it('evicts statements (dealloc) and reports the new entries as first_seen', () => {
    const opts = smallFleet({
      families: ['statements'],
      evictionProbability: 1,
      resetProbability: 0,
      intervals: 4,
    });
    const batches = collect(opts);
    for (const b of batches.filter((x) => x.value.envelope.sequence > 1)) {
      const info = rowsOf<InfoRow>(b, 'info')[0]!;
      const pg13 = b.value.envelope.pg_version_num! < 140000;
      assert.equal(info.dealloc, pg13 ? null : 1, 'one deallocation per interval');
      assert.equal(info.statements_seen, opts.statements, 'pg_stat_statements stays at its max');
      const fresh = rowsOf<StatementRow>(b, 'rows').filter((r) => r.first_seen);
      assert.ok(fresh.length > 0 && fresh.length <= Math.ceil(opts.statements * 0.05));
    }
  });

  it('keeps the deltas consistent with what the entry accumulated since it appeared or was reset', () => {
    const fleet = new Fleet(
      smallFleet({ families: ['statements'], servers: 1, resetProbability: 0, evictionProbability: 0 }),
    );
    const sums = new Map<bigint, number>();
    for (let i = 0; i < 5; i++) {
      for (const b of fleet.step())
        for (const r of rowsOf<StatementRow>(b, 'rows'))
          sums.set(r.queryid, (sums.get(r.queryid) ?? 0) + r.calls);
    }
    const entries = fleet.servers[0]!.workload.entries;
    for (const e of entries) {
      if (!e.reported) continue;
      assert.equal(sums.get(e.statement.queryid), e.lifeCalls, 'sum of reported calls = cumulative calls');
    }
  });

  it('applies the top-N cap by total execution time', () => {
    const batches = collect(
      smallFleet({ families: ['statements'], statements: 200, topStatements: 25, intervals: 3 }),
    );
    for (const b of batches) {
      const info = rowsOf<InfoRow>(b, 'info')[0]!;
      assert.equal(rowsOf(b, 'rows').length, Math.min(25, info.statements_seen));
      assert.equal(info.statements_sent, rowsOf(b, 'rows').length);
    }
  });
});

describe('querytexts family', () => {
  const key = (r: { dbid: number; userid: number; queryid: bigint }) => `${r.dbid}/${r.userid}/${r.queryid}`;

  it('sends each text once, when its queryid is first seen, before or with its first statement row', () => {
    const batches = collect(
      smallFleet({ families: ['statements', 'querytexts'], evictionProbability: 0.5, intervals: 8 }),
    );
    const sent = new Map<string, Set<string>>();
    for (const b of batches) {
      const texts = (sent.get(b.key) ?? sent.set(b.key, new Set()).get(b.key))!;
      if (b.family === 'querytexts') {
        assert.equal(b.value.envelope.interval_ms, 0);
        for (const t of rowsOf<{
          dbid: number;
          userid: number;
          queryid: bigint;
          query: string;
          query_length: number;
        }>(b, 'texts')) {
          assert.ok(!texts.has(key(t)), `text of ${key(t)} sent twice`);
          texts.add(key(t));
          assert.equal(t.query_length, Buffer.byteLength(t.query));
          assert.match(t.query, /^(SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|ANALYZE|SET)/);
        }
      }
    }
    // Every statement row's queryid got its text in the same interval or earlier (batches of one interval
    // come statements first, then querytexts: check at the end of each interval).
    const seenRows = new Map<string, Set<string>>();
    for (const b of batches.filter((x) => x.family === 'statements')) {
      const s = (seenRows.get(b.key) ?? seenRows.set(b.key, new Set()).get(b.key))!;
      for (const r of rowsOf<StatementRow>(b, 'rows')) s.add(key(r));
    }
    for (const [server, keys] of seenRows)
      for (const k of keys) assert.ok(sent.get(server)!.has(k), `no text for ${k}`);
    // New texts after the first interval come from evictions only, and there are some.
    assert.ok(batches.filter((b) => b.family === 'querytexts').length > 4);
  });

  it('re-sends every known text every N intervals when asked', () => {
    const batches = collect(
      smallFleet({
        families: ['querytexts'],
        evictionProbability: 0,
        querytextRefreshIntervals: 3,
        intervals: 7,
        servers: 1,
      }),
    );
    const perInterval = batches.map((b) => [b.value.envelope.sequence, rowsOf(b, 'texts').length]);
    // sent at interval 0 (first seen) and at 3 and 6 (refresh); stragglers seen for the first time in between
    const big = batches.filter((b) => rowsOf(b, 'texts').length >= 40);
    assert.equal(big.length, 3, JSON.stringify(perInterval));
  });
});
