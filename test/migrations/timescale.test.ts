import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SqlExecutor } from '../../services/lib/db/executor.ts';
import { loadMigrations } from '../../services/lib/db/migrate/migration-files.ts';
import { DAILY_ROLLUPS, HOURLY_ROLLUPS } from '../../services/lib/db/storage/rollups.ts';
import { maintain } from '../../services/migrate/maintain.ts';
import { migrate, type MigrateResult } from '../../services/migrate/migrate.ts';
import { insertRows } from './support/rows.ts';
import { createTimescalePglite, type InProcessDatabase } from './support/timescale-pglite.ts';

// TimescaleDB mode on PGlite + TimescaleDB 2.23: hypertables, compression, retention policies and
// continuous aggregates, as the migrations leave them.

let ts: InProcessDatabase;
let db: SqlExecutor;
let first: MigrateResult;
let rawTables: string[];

before(async () => {
  ts = await createTimescalePglite();
  db = ts.db;
  first = await migrate(db, { mode: 'auto' });
  const res = await db.query<{ relation: string }>(
    "SELECT relation FROM pga_retention WHERE class = 'raw' ORDER BY 1",
  );
  rawTables = res.rows.map((r) => r.relation);
});
after(async () => {
  await ts?.close();
});

async function policies(proc: string): Promise<Map<string, Record<string, unknown>>> {
  const res = await db.query<{ name: string; config: Record<string, unknown> }>(
    'SELECT hypertable_name AS name, config FROM timescaledb_information.jobs WHERE proc_name = $1',
    [proc],
  );
  return new Map(res.rows.map((r) => [r.name, r.config]));
}

test('auto picks timescale where the extension can be created, and the migrations apply', async () => {
  assert.equal(first.mode, 'timescale');
  assert.match(first.modeReason, /timescaledb is available/);
  assert.deepEqual(
    first.applied.map((m) => m.key),
    (await loadMigrations()).map((m) => m.key),
  );
  const again = await migrate(db, { mode: 'auto' });
  assert.deepEqual(again.applied, []);
  assert.deepEqual(again.retentionChanges, []);
});

test('every raw metric table is a hypertable on time with one-day chunks and compression', async () => {
  assert.ok(rawTables.includes('statements') && rawTables.length >= 20);
  const res = await db.query<{ name: string; compression_enabled: boolean; interval: string }>(
    `SELECT h.hypertable_name AS name, h.compression_enabled, d.time_interval::text AS interval
       FROM timescaledb_information.hypertables h
       JOIN timescaledb_information.dimensions d USING (hypertable_schema, hypertable_name)
      WHERE d.column_name = 'time' AND h.hypertable_name = ANY($1::text[])
      ORDER BY 1`,
    [rawTables],
  );
  assert.deepEqual(
    res.rows,
    rawTables.map((name) => ({ name, compression_enabled: true, interval: '1 day' })),
  );
  const settings = await db.query<{ segmentby: string }>(
    "SELECT segmentby FROM timescaledb_information.hypertable_compression_settings WHERE hypertable = 'statements'::regclass",
  );
  assert.deepEqual(settings.rows, [{ segmentby: 'server_id' }]);
  const compression = await policies('policy_compression');
  for (const t of rawTables)
    assert.equal(compression.get(t)?.compress_after, '1 day', `${t}: compression policy`);
});

test('retention policies: raw 14 days, 1 hour 90 days, 1 day 2 years', async () => {
  const retention = await policies('policy_retention');
  for (const t of rawTables) assert.equal(retention.get(t)?.drop_after, '14 days', t);
  for (const v of HOURLY_ROLLUPS) assert.equal(retention.get(v)?.drop_after, '90 days', v);
  for (const v of DAILY_ROLLUPS) assert.equal(retention.get(v)?.drop_after, '730 days', v);
});

test('the rollups are continuous aggregates with refresh policies', async () => {
  const res = await db.query<{ view_name: string; materialized_only: boolean }>(
    'SELECT view_name, materialized_only FROM timescaledb_information.continuous_aggregates ORDER BY 1',
  );
  assert.deepEqual(
    res.rows,
    [...HOURLY_ROLLUPS, ...DAILY_ROLLUPS].sort().map((view_name) => ({ view_name, materialized_only: true })),
  );
  const refresh = await policies('policy_refresh_continuous_aggregate');
  for (const v of HOURLY_ROLLUPS) assert.equal(refresh.get(v)?.start_offset, '2 days', v);
  for (const v of DAILY_ROLLUPS) assert.equal(refresh.get(v)?.start_offset, '4 days', v);
});

test('changed retention settings reset the policies on the next migrate', async () => {
  const changed = await migrate(db, { retention: { raw: 7, hourly: 30, daily: 365 } });
  assert.ok(changed.retentionChanges.includes('retention raw: 14 -> 7 days'));
  const retention = await policies('policy_retention');
  assert.equal(retention.get('statements')?.drop_after, '7 days');
  assert.equal(retention.get('statements_1h')?.drop_after, '30 days');
  assert.equal(retention.get('system_cpu_1d')?.drop_after, '365 days');
  await migrate(db, {});
  assert.equal((await policies('policy_retention')).get('statements')?.drop_after, '14 days');
});

test('a maintenance round refreshes the aggregates', async () => {
  const now = new Date();
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 3_600_000);
  await insertRows(db, 'system_cpu', [
    { time: hour, server_id: 'm', user_pct: 10, idle_pct: 50, cpus: 8 },
    { time: new Date(hour.getTime() + 60_000), server_id: 'm', user_pct: 30, idle_pct: 70, cpus: 8 },
  ]);
  const round = await maintain(db, { partitionsAheadDays: 3, refreshHours: 3, now });
  assert.equal(round.mode, 'timescale');
  assert.deepEqual(round.partitionsCreated, []);
  const res = await db.query<{ samples: number; user_pct_avg: number }>(
    "SELECT samples, user_pct_avg FROM system_cpu_1h WHERE server_id = 'm'",
  );
  assert.deepEqual(res.rows, [{ samples: 2, user_pct_avg: 20 }]);
});
