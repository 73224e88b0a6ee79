import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SqlExecutor } from '../../services/lib/db/executor.ts';
import { migrate } from '../../services/migrate/migrate.ts';
import { createScratchDatabase, type ScratchDatabase, type Session } from '../support/scratch-database.ts';
import { loadTableContracts, tableColumns, type TableContract } from './support/table-contract.ts';
import { createTimescalePglite, type InProcessDatabase } from './support/timescale-pglite.ts';

// Every `pga.table` of every schema exists, in both storage modes, with exactly the contract's columns in
// the contract's order, types and nullability: schemas and DDL cannot drift apart.

// query_texts is upserted by ingest rather than appended: it has the contract's columns first, then these.
const UPSERTED_TABLE_EXTRAS: Record<string, string[]> = {
  query_texts: ['fingerprint', 'fingerprint_version', 'first_seen', 'last_seen'],
};

const contracts = loadTableContracts();

test('the schemas declare the tables the storage expects', () => {
  const tables = contracts.map((c) => c.table);
  assert.equal(new Set(tables).size, tables.length, 'a table is claimed by two schema fields');
  for (const t of [
    'statements',
    'query_texts',
    'system_cpu',
    'system_memory',
    'system_disks',
    'log_events',
  ]) {
    assert.ok(tables.includes(t), `no schema field is stored in ${t}`);
  }
});

async function checkContract(db: SqlExecutor, c: TableContract): Promise<void> {
  const actual = await tableColumns(db, c.table);
  const where = `${c.schemaFile} field ${c.field} -> table ${c.table}`;
  assert.ok(actual.length > 0, `${where}: table is missing`);
  const extras = UPSERTED_TABLE_EXTRAS[c.table] ?? [];
  assert.deepEqual(actual.slice(0, c.columns.length), c.columns, `${where}: columns differ from the schema`);
  assert.deepEqual(
    actual.slice(c.columns.length).map((col) => col.name),
    extras,
    `${where}: unexpected columns after the schema's`,
  );
}

async function checkRegistered(db: SqlExecutor): Promise<void> {
  // Every raw time-series table is some schema's table (no orphan DDL), and every appended table is one.
  const res = await db.query<{ relation: string }>(
    "SELECT relation FROM pga_retention WHERE class = 'raw' ORDER BY relation",
  );
  const appended = contracts
    .filter((c) => !(c.table in UPSERTED_TABLE_EXTRAS))
    .map((c) => c.table)
    .sort();
  assert.deepEqual(
    res.rows.map((r) => r.relation),
    appended,
  );
}

describe('plain mode (PostgreSQL)', () => {
  let scratch: ScratchDatabase;
  let session: Session;
  before(async () => {
    scratch = await createScratchDatabase();
    session = await scratch.connect();
    await migrate(session.db, { mode: 'plain' });
  });
  after(async () => {
    await scratch?.drop();
  });

  for (const c of contracts) {
    test(`${c.table} matches ${c.schemaFile}`, () => checkContract(session.db, c));
  }
  test('every raw table belongs to a schema', () => checkRegistered(session.db));
});

describe('timescale mode (PGlite + TimescaleDB)', () => {
  let ts: InProcessDatabase;
  before(async () => {
    ts = await createTimescalePglite();
    await migrate(ts.db, { mode: 'timescale' });
  });
  after(async () => {
    await ts?.close();
  });

  for (const c of contracts) {
    test(`${c.table} matches ${c.schemaFile}`, () => checkContract(ts.db, c));
  }
  test('every raw table belongs to a schema', () => checkRegistered(ts.db));
});
