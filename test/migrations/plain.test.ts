import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadMigrations } from '../../services/lib/db/migrate/migration-files.ts';
import { ensurePartitions } from '../../services/lib/db/storage/partitions.ts';
import { enforceRetention } from '../../services/lib/db/storage/retention.ts';
import { refreshRollups } from '../../services/lib/db/storage/rollups.ts';
import type { SqlExecutor } from '../../services/lib/db/executor.ts';
import { maintain } from '../../services/migrate/maintain.ts';
import { migrate, type MigrateResult } from '../../services/migrate/migrate.ts';
import { insertRows } from './support/rows.ts';
import { createScratchDatabase, type ScratchDatabase, type Session } from '../support/scratch-database.ts';

// Plain PostgreSQL mode on the project's PostgreSQL: migrations, partitions, retention, rollups.

const DAY = 86_400_000;
const ymd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
const utcDay = (offsetDays: number, from = new Date()) =>
  new Date(Math.floor(from.getTime() / DAY) * DAY + offsetDays * DAY);

async function partitionsOf(db: SqlExecutor, table: string): Promise<string[]> {
  const res = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = $1::regclass ORDER BY 1`,
    [table],
  );
  return res.rows.map((r) => r.name);
}

async function partitionHolding(db: SqlExecutor, table: string, serverId: string): Promise<string[]> {
  const res = await db.query<{ part: string }>(
    `SELECT DISTINCT tableoid::regclass::text AS part FROM ${table} WHERE server_id = $1 ORDER BY 1`,
    [serverId],
  );
  return res.rows.map((r) => r.part);
}

describe('plain mode on PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let session: Session;
  let db: SqlExecutor;
  let first: MigrateResult;

  before(async () => {
    scratch = await createScratchDatabase();
    session = await scratch.connect();
    db = session.db;
    first = await migrate(db, { mode: 'auto', partitionsAheadDays: 3 });
  });
  after(async () => {
    await scratch?.drop();
  });

  test('the migrations apply, in plain mode where timescaledb is not available', async () => {
    const all = await loadMigrations();
    assert.equal(first.mode, 'plain');
    assert.deepEqual(
      first.applied.map((m) => m.key),
      all.map((m) => m.key),
    );
    assert.equal(first.alreadyApplied, 0);
    assert.ok(first.partitionsCreated.length > 0);
  });

  test('re-running is a no-op', async () => {
    const before = await db.query('SELECT id, checksum, applied_at FROM pga_migrations ORDER BY id');
    const again = await migrate(db, { mode: 'auto', partitionsAheadDays: 3 });
    assert.deepEqual(again.applied, []);
    assert.equal(again.alreadyApplied, first.applied.length);
    assert.deepEqual(again.retentionChanges, []);
    assert.deepEqual(again.partitionsCreated, []);
    assert.deepEqual(
      (await db.query('SELECT id, checksum, applied_at FROM pga_migrations ORDER BY id')).rows,
      before.rows,
    );
  });

  test('partitions exist from yesterday to the days ahead, daily rollups by month', async () => {
    for (const table of ['statements', 'system_cpu', 'log_events', 'statements_1h']) {
      const parts = await partitionsOf(db, table);
      assert.ok(parts.includes(`${table}_default`), `${table} has no default partition`);
      for (let d = -1; d <= 3; d++)
        assert.ok(parts.includes(`${table}_p${ymd(utcDay(d))}`), `${table}: day ${d} missing`);
    }
    const month = new Date().toISOString().slice(0, 7).replace('-', '');
    assert.ok((await partitionsOf(db, 'statements_1d')).includes(`statements_1d_p${month}`));
  });

  test('a row far in the past or the future lands in the default partition', async () => {
    await insertRows(db, 'statements', [
      { time: new Date('2001-02-03T04:05:06Z'), server_id: 'far', queryid: 1 },
      { time: new Date('2100-01-01T00:00:00Z'), server_id: 'far', queryid: 2 },
    ]);
    assert.deepEqual(await partitionHolding(db, 'statements', 'far'), ['statements_default']);
  });

  test('a partition created later takes over the rows waiting in the default partition', async () => {
    const later = new Date(utcDay(10).getTime() + 3_600_000);
    await insertRows(db, 'system_cpu', [{ time: later, server_id: 'later', cpus: 4 }]);
    assert.deepEqual(await partitionHolding(db, 'system_cpu', 'later'), ['system_cpu_default']);
    const created = await ensurePartitions(db, 11);
    assert.ok(created.includes(`system_cpu_p${ymd(utcDay(10))}`));
    assert.deepEqual(await partitionHolding(db, 'system_cpu', 'later'), [`system_cpu_p${ymd(utcDay(10))}`]);
    const res = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM system_cpu WHERE server_id = 'later'",
    );
    assert.equal(res.rows[0]?.n, 1);
  });

  test('retention drops the partitions past it and the old rows of the default partition', async () => {
    const old = utcDay(-30);
    await ensurePartitions(db, 1, old);
    await insertRows(db, 'statements', [
      { time: new Date(old.getTime() + 60_000), server_id: 'old', queryid: 3 },
    ]);
    assert.deepEqual(await partitionHolding(db, 'statements', 'old'), [`statements_p${ymd(old)}`]);

    const dropped = await enforceRetention(db);
    assert.ok(dropped.includes(`statements_p${ymd(old)}`));
    assert.ok(dropped.includes(`system_cpu_p${ymd(old)}`));
    assert.ok(!dropped.some((p) => p.endsWith(ymd(utcDay(0)))), 'a current partition was dropped');
    assert.deepEqual(await partitionHolding(db, 'statements', 'old'), []);
    // 2001 is past retention, 2100 is not.
    const far = await db.query<{ queryid: number }>("SELECT queryid FROM statements WHERE server_id = 'far'");
    assert.deepEqual(far.rows, [{ queryid: 2 }]);
    assert.deepEqual(await enforceRetention(db), []);
  });

  test('impossible values are refused by CHECK constraints (ingest dead-letters them)', async () => {
    const time = new Date();
    const refused = async (table: string, row: Record<string, unknown>) =>
      assert.rejects(
        insertRows(db, table, [{ time, server_id: 'bad', ...row }]),
        (err: { code?: string }) => err.code === '23514',
      );
    await refused('statements', { calls: -1 });
    await refused('statements', { total_exec_time_ms: -0.5 });
    await refused('system_cpu', { user_pct: 150 });
    await refused('system_memory', { total_bytes: -1 });
    await refused('table_stats', { total_size_bytes: -1 });
    await refused('log_events', { line_count: -1 });
  });

  test('refreshing rollups is idempotent and follows the raw rows', async () => {
    const h = new Date('2024-05-01T10:00:00Z');
    const at = (minutes: number) => new Date(h.getTime() + minutes * 60_000);
    await insertRows(db, 'statements', [
      { time: at(0), server_id: 'r', queryid: 7, calls: 2, total_exec_time_ms: 1.5, max_exec_time_ms: 1 },
      { time: at(15), server_id: 'r', queryid: 7, calls: 3, total_exec_time_ms: 2.25, max_exec_time_ms: 4 },
      { time: at(30), server_id: 'r', queryid: 7, calls: 1000, total_exec_time_ms: 999, first_seen: true },
      { time: at(70), server_id: 'r', queryid: 7, calls: 5, total_exec_time_ms: 0.25, max_exec_time_ms: 2 },
    ]);
    await insertRows(db, 'system_cpu', [
      { time: at(0), server_id: 'r', user_pct: 10, idle_pct: 80, cpus: 2 },
      { time: at(30), server_id: 'r', user_pct: 20, idle_pct: 60, cpus: 2 },
    ]);
    const hourly = async () =>
      (
        await db.query(
          "SELECT time, calls, samples, total_exec_time_ms, max_exec_time_ms FROM statements_1h WHERE server_id = 'r' ORDER BY time",
        )
      ).rows;
    const snapshot = async () => ({
      hourly: await hourly(),
      daily: (await db.query("SELECT * FROM statements_1d WHERE server_id = 'r'")).rows,
      cpu: (await db.query("SELECT * FROM system_cpu_1h WHERE server_id = 'r'")).rows,
    });

    await refreshRollups(db, 'plain', { from: at(5), to: at(65) });
    const once = await snapshot();
    assert.deepEqual(once.hourly, [
      { time: at(0), calls: 5, samples: 2, total_exec_time_ms: 3.75, max_exec_time_ms: 4 },
      { time: at(60), calls: 5, samples: 1, total_exec_time_ms: 0.25, max_exec_time_ms: 2 },
    ]);
    assert.equal(once.daily.length, 1);
    assert.equal(once.daily[0]?.calls, 10);
    assert.equal(once.cpu[0]?.user_pct_avg, 15);
    assert.equal(once.cpu[0]?.busy_pct_max, 40);

    await refreshRollups(db, 'plain', { from: at(5), to: at(65) });
    assert.deepEqual(await snapshot(), once);
    await refreshRollups(db, 'plain', { from: at(-600), to: at(600) });
    assert.deepEqual(await snapshot(), once);

    await db.query("DELETE FROM statements WHERE server_id = 'r' AND time = $1", [at(15)]);
    await refreshRollups(db, 'plain', { from: at(0), to: at(1) });
    assert.equal((await hourly())[0]?.calls, 2);
  });

  test('a maintenance round runs', async () => {
    const round = await maintain(db, { partitionsAheadDays: 3, refreshHours: 3 });
    assert.equal(round.mode, 'plain');
    assert.equal(round.refreshed.length, 8);
    assert.deepEqual(round.partitionsDropped, []);
  });
  test('a round after missed rounds catches up from where the last one ended', async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const lastRound = new Date(hour - 20 * 3_600_000);
    await maintain(db, { partitionsAheadDays: 3, refreshHours: 1, now: lastRound });
    const missed = new Date(hour - 15 * 3_600_000);
    await insertRows(db, 'statements', [{ time: missed, server_id: 'missed', queryid: 9, calls: 4 }]);
    const round = await maintain(db, { partitionsAheadDays: 3, refreshHours: 1 });
    assert.ok(round.refreshed[0] && round.refreshed[0].from.getTime() <= missed.getTime());
    const res = await db.query("SELECT time, calls FROM statements_1h WHERE server_id = 'missed'");
    assert.deepEqual(res.rows, [{ time: missed, calls: 4 }]);
  });
});

describe('two installers racing on a fresh database', () => {
  let scratch: ScratchDatabase;
  after(async () => {
    await scratch?.drop();
  });

  test('both succeed and each migration is applied once', async () => {
    scratch = await createScratchDatabase();
    const [a, b] = await Promise.all([scratch.connect(), scratch.connect()]);
    const [ra, rb] = await Promise.all([migrate(a.db, { mode: 'plain' }), migrate(b.db, { mode: 'plain' })]);
    const all = (await loadMigrations()).map((m) => m.key);
    assert.deepEqual([...ra.applied, ...rb.applied].map((m) => m.key).sort(), all);
    assert.ok(ra.applied.length === 0 || rb.applied.length === 0, 'both runs applied migrations');
    const rows = await a.db.query<{ key: string }>('SELECT key FROM pga_migrations ORDER BY id');
    assert.deepEqual(
      rows.rows.map((r) => r.key),
      all,
    );
  });
});
