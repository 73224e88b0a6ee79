import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SqlExecutor } from '../../services/lib/db/executor.ts';
import type { StorageMode } from '../../services/lib/db/migrate/storage-mode.ts';
import { cpuSeries, hourlyCpu } from '../../services/lib/db/reads/host-cpu.ts';
import { topQueries, type StatementsSource } from '../../services/lib/db/reads/top-queries.ts';
import { ensurePartitions } from '../../services/lib/db/storage/partitions.ts';
import { DAILY_ROLLUPS, HOURLY_ROLLUPS, refreshRollups } from '../../services/lib/db/storage/rollups.ts';
import { migrate } from '../../services/migrate/migrate.ts';
import { buildDataset, DATASET_DAYS, DATASET_START, SERVERS } from './support/dataset.ts';
import { insertRows } from './support/rows.ts';
import { createScratchDatabase, type ScratchDatabase, type Session } from '../support/scratch-database.ts';
import { tableColumns } from './support/table-contract.ts';
import { createTimescalePglite, type InProcessDatabase } from './support/timescale-pglite.ts';

// The same dataset in a plain-mode PostgreSQL database and in a TimescaleDB (PGlite) database: after a
// refresh, the rollups hold the same rows and every read query gives the same answer in both.

const HOUR = 3_600_000;
const START = DATASET_START;
const END = new Date(START.getTime() + DATASET_DAYS * 24 * HOUR);
const at = (hours: number) => new Date(START.getTime() + hours * HOUR);

describe('plain PostgreSQL and TimescaleDB give the same answers', () => {
  let scratch: ScratchDatabase;
  let session: Session;
  let ts: InProcessDatabase;
  const modes = {} as Record<StorageMode, SqlExecutor>;

  before(async () => {
    const dataset = buildDataset();
    const load = async (db: SqlExecutor, mode: StorageMode) => {
      await migrate(db, { mode });
      await db.exec("SET TimeZone = 'UTC'");
      if (mode === 'plain') await ensurePartitions(db, DATASET_DAYS, START); // real partitions, not the default one
      for (const [table, rows] of Object.entries(dataset)) await insertRows(db, table, rows);
      await refreshRollups(db, mode, { from: START, to: END });
      modes[mode] = db;
    };
    [scratch, ts] = await Promise.all([createScratchDatabase(), createTimescalePglite()]);
    session = await scratch.connect();
    await Promise.all([load(session.db, 'plain'), load(ts.db, 'timescale')]);
  });
  after(async () => {
    await scratch?.drop();
    await ts?.close();
  });

  for (const rollup of [...HOURLY_ROLLUPS, ...DAILY_ROLLUPS]) {
    test(`${rollup}: same columns and same rows`, async () => {
      const columns = async (db: SqlExecutor) =>
        (await tableColumns(db, rollup)).map((c) => `${c.name} ${c.type}`);
      assert.deepEqual(await columns(modes.plain), await columns(modes.timescale));
      // The row's text form: exact for every type (shortest exact floats, full int8) in both drivers.
      const rows = async (db: SqlExecutor) =>
        (await db.query<{ r: string }>(`SELECT r::text AS r FROM ${rollup} r ORDER BY 1`)).rows.map(
          (x) => x.r,
        );
      const plain = await rows(modes.plain);
      assert.ok(plain.length > 0, `${rollup} is empty`);
      assert.deepEqual(plain, await rows(modes.timescale));
    });
  }

  const ranges: Array<{ name: string; from: Date; to: Date; sources: StatementsSource[] }> = [
    { name: 'both days', from: START, to: END, sources: ['raw', '1h', '1d'] },
    { name: 'hours 5 to 29', from: at(5), to: at(29), sources: ['raw', '1h'] },
  ];
  for (const serverId of SERVERS) {
    for (const range of ranges) {
      test(`top queries of ${serverId} over ${range.name}: same in both modes and from every source`, async () => {
        const answers = [];
        for (const mode of ['plain', 'timescale'] as const) {
          for (const source of range.sources) {
            answers.push(
              await topQueries(modes[mode], { serverId, from: range.from, to: range.to, source, limit: 10 }),
            );
          }
        }
        const [reference, ...others] = answers;
        assert.ok(reference && reference.length >= 4, 'too few queries in the answer');
        assert.ok(reference.some((q) => q.queryid === '-9223372036854775807'));
        assert.ok(reference.some((q) => q.queryid === '9007199254740993'));
        for (const other of others) assert.deepEqual(other, reference);
      });
    }

    test(`hourly and daily CPU of ${serverId}: same in both modes`, async () => {
      const hourly = await hourlyCpu(modes.plain, { serverId, from: START, to: END });
      assert.equal(hourly.length, DATASET_DAYS * 24);
      assert.equal(hourly[0]?.samples, 4);
      assert.deepEqual(await hourlyCpu(modes.timescale, { serverId, from: START, to: END }), hourly);
      const daily = await cpuSeries(modes.plain, { serverId, from: START, to: END, resolution: '1d' });
      assert.equal(daily.length, DATASET_DAYS);
      assert.deepEqual(
        await cpuSeries(modes.timescale, { serverId, from: START, to: END, resolution: '1d' }),
        daily,
      );
    });
  }
});
