import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SqlExecutor } from '../../services/lib/db/executor.ts';
import type { StorageMode } from '../../services/lib/db/migrate/storage-mode.ts';
import type { TransitionResult } from '../../services/api/sql/lifecycle.ts';
import { listAnomalies, transitionAnomaly } from '../../services/api/sql/reads/anomalies.ts';
import type { PreparedQueryable } from '../../services/api/sql/reads/keyset.ts';
import { searchLogs } from '../../services/api/sql/reads/logs.ts';
import { metricRows } from '../../services/api/sql/reads/metrics.ts';
import { columnCatalog, FAMILIES, keyOf, type Family } from '../../services/api/sql/reads/families.ts';
import { querySeries, queryServers, queryTexts } from '../../services/api/sql/reads/query-detail.ts';
import {
  listRecommendations,
  transitionRecommendation,
} from '../../services/api/sql/reads/recommendations.ts';
import { RESOLUTIONS } from '../../services/api/sql/reads/resolution.ts';
import { latestSamples, listServers } from '../../services/api/sql/reads/servers.ts';
import { TOP_SORTS, topQueries } from '../../services/api/sql/reads/top-queries.ts';
import { migrate } from '../../services/migrate/migrate.ts';
import { createTimescalePglite, type InProcessDatabase } from '../migrations/support/timescale-pglite.ts';
import { createScratchDatabase, type ScratchDatabase, type Session } from '../support/scratch-database.ts';
import { FP, seedReads, type ReadsFixture } from './reads-fixture.ts';

// The API's read statements run on both storage modes: the same fixture in a plain PostgreSQL database and
// in a TimescaleDB one (PGlite), every read, every resolution, the same answer.

const DAY = 86_400_000;

/** Values as JSON would carry them, whatever the driver's types (PGlite and node-postgres differ). */
function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  }
  return v;
}

describe('the read statements give the same answers in plain and TimescaleDB mode', () => {
  let scratch: ScratchDatabase;
  let session: Session;
  let ts: InProcessDatabase;
  const db = {} as Record<StorageMode, SqlExecutor>;
  const prepared = {} as Record<StorageMode, PreparedQueryable>;
  let fx: ReadsFixture;

  before(async () => {
    const end = new Date(Math.floor(Date.now() / DAY) * DAY);
    [scratch, ts] = await Promise.all([createScratchDatabase(), createTimescalePglite()]);
    session = await scratch.connect();
    db.plain = session.db;
    db.timescale = ts.db;
    prepared.plain = session.client;
    prepared.timescale = { query: (c) => ts.pglite.query(c.text, c.values) };
    for (const mode of ['plain', 'timescale'] as const) {
      await migrate(db[mode], { mode });
      await db[mode].exec("SET TimeZone = 'UTC'");
      fx = await seedReads(db[mode], mode, end);
    }
  });
  after(async () => {
    await scratch?.drop();
    await ts?.close();
  });

  async function same<T>(what: string, read: (mode: StorageMode) => Promise<T>): Promise<T> {
    const plain = normalise(await read('plain'));
    assert.deepEqual(normalise(await read('timescale')), plain, what);
    return plain as T;
  }

  test('top queries: one server and fleet-wide, every resolution and sort, first page and next', async () => {
    for (const resolution of RESOLUTIONS) {
      for (const sort of TOP_SORTS) {
        for (const serverId of ['srv-a', undefined]) {
          const o = { serverId, from: fx.start, to: fx.end, resolution, sort, limit: 2 };
          const first = await same(`${serverId} ${resolution} ${sort}`, (m) => topQueries(prepared[m], o));
          assert.equal(first.length, 3);
          const last = first[1] as Record<string, string>;
          const after = Object.keys(last)
            .filter((k) => /^_k\d+$/.test(k))
            .sort()
            .map((k) => String(last[k]));
          await same(`${serverId} ${resolution} ${sort} page 2`, (m) =>
            topQueries(prepared[m], { ...o, after }),
          );
        }
      }
    }
  });

  test('query detail: texts, series and servers', async () => {
    await same('texts', (m) => queryTexts(db[m], FP.f1));
    for (const resolution of RESOLUTIONS) {
      const o = { fingerprint: FP.f1, from: fx.start, to: fx.end, resolution };
      const series = await same(`series ${resolution}`, (m) => querySeries(db[m], o));
      assert.ok(series.length > 0);
      await same(`servers ${resolution}`, (m) => queryServers(db[m], o));
    }
  });

  test('metric rows of raw tables and rollups', async () => {
    const columns = columnCatalog(db.plain);
    for (const [family, resolution] of [
      ['system_cpu', 'raw'],
      ['system_cpu', '1h'],
      ['system_cpu', '1d'],
      ['statements', '1h'],
      ['statements', '1d'],
      ['table_stats', 'raw'],
    ] as Array<[Family, 'raw' | '1h' | '1d']>) {
      const table = (FAMILIES[family].tables as Record<string, string>)[resolution] as string;
      const cols = (await columns(table)).filter((c) => c.name !== 'server_id');
      const rows = await same(`${table}`, (m) =>
        metricRows(db[m], {
          table,
          columns: cols,
          key: keyOf(family, resolution),
          serverId: 'srv-a',
          from: fx.start,
          to: fx.end,
          limit: 50,
        }),
      );
      assert.ok(rows.length > 0, `${table} is empty`);
    }
  });

  test('servers, logs, anomalies, recommendations', async () => {
    assert.equal((await same('servers', (m) => listServers(db[m], { limit: 10 }))).length, 3);
    const latest = await same('latest samples', (m) =>
      latestSamples(db[m], 'srv-a', [
        { family: 'statements', table: 'statements' },
        { family: 'system_cpu', table: 'system_cpu' },
      ]),
    );
    assert.equal(latest[1]?.last_time, fx.lastSample.toISOString());
    const logs = await same('logs', (m) =>
      searchLogs(db[m], { from: fx.start, to: fx.end, severity: 'WARNING', text: '100%', limit: 10 }),
    );
    assert.ok(logs.length > 0);
    const anomalies = await same('anomalies', (m) =>
      listAnomalies(db[m], { from: fx.start, to: fx.end, severity: 'warning', limit: 10 }),
    );
    assert.ok(anomalies.length > 0);
    const open = await same('recommendations', (m) =>
      listRecommendations(db[m], { statuses: ['open'], limit: 10 }),
    );
    assert.equal(open.length, 3);
  });

  test('the lifecycle (migration 0009 for anomalies): the same transitions give the same answers', async () => {
    // The time of a transition differs between the two databases: only whether it was set is compared.
    const untimed = (r: TransitionResult<string>): TransitionResult<string> => {
      if (r.outcome !== 'done') return r;
      const { status_changed_at, updated_at, ...row } = r.row;
      return { ...r, row: { ...row, changed_at_set: (status_changed_at ?? updated_at ?? null) !== null } };
    };
    const steps = [
      ['an-0', 'acknowledge', ['done', 'open', 'acknowledged']],
      ['an-0', 'acknowledge', ['conflict', 'acknowledged']],
      ['an-0', 'resolve', ['done', 'acknowledged', 'resolved']],
      ['an-1', 'dismiss', ['done', 'open', 'dismissed']],
      ['an-5', 'resolve', ['conflict', 'dismissed']],
      ['an-missing', 'dismiss', ['not_found']],
    ] as const;
    for (const [id, action, expected] of steps) {
      const r = await same(`anomaly ${id} ${action}`, async (m) =>
        untimed(await transitionAnomaly(db[m], id, action)),
      );
      const got =
        r.outcome === 'done'
          ? [r.outcome, r.from, r.row.status]
          : r.outcome === 'conflict'
            ? [r.outcome, r.status]
            : [r.outcome];
      assert.deepEqual(got, expected, `${id} ${action}`);
      if (r.outcome === 'done') assert.equal(r.row.changed_at_set, true);
    }
    const closed = await same('anomalies by status', async (m) =>
      (
        await listAnomalies(db[m], {
          from: fx.start,
          to: fx.end,
          statuses: ['resolved', 'dismissed'],
          limit: 10,
        })
      ).map((r) => [r.anomaly_id, r.status]),
    );
    assert.deepEqual(closed, [
      ['an-5', 'dismissed'],
      ['an-1', 'dismissed'],
      ['an-0', 'resolved'],
    ]);
    const rec = await same('recommendation rec-2 resolve', async (m) =>
      untimed(await transitionRecommendation(db[m], 'rec-2', 'resolve')),
    );
    assert.equal(rec.outcome, 'done');
    for (const m of ['plain', 'timescale'] as const) {
      await assert.rejects(
        db[m].query("UPDATE anomalies SET status = 'closed' WHERE anomaly_id = 'an-2'"),
        /anomalies_status_check/,
        `${m}: a status outside the lifecycle is refused`,
      );
    }
  });
});
