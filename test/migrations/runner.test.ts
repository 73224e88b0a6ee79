import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { isPgaError } from '../../services/lib/errors.ts';
import { withSchemaLock } from '../../services/lib/db/migrate/advisory-lock.ts';
import { loadMigrations } from '../../services/lib/db/migrate/migration-files.ts';
import { applyMigrations, type ApplyResult } from '../../services/lib/db/migrate/runner.ts';
import type { StorageModeChoice } from '../../services/lib/db/migrate/storage-mode.ts';
import { createScratchDatabase, type ScratchDatabase, type Session } from '../support/scratch-database.ts';

// The runner on the real PostgreSQL with small made-up migration folders: ordering, mode variants,
// immutability, rollback of a failed migration.

let scratch: ScratchDatabase;
let session: Session;
let dir: string;

before(async () => {
  scratch = await createScratchDatabase();
});
after(async () => {
  await scratch?.drop();
});
beforeEach(async () => {
  if (session) await session.close();
  session = await scratch.connect();
  await session.db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  dir = await mkdtemp(path.join(tmpdir(), 'pga-migrations-'));
});

async function run(mode: StorageModeChoice, dryRun = false): Promise<ApplyResult> {
  const migrations = await loadMigrations(dir);
  return withSchemaLock(session.db, () => applyMigrations(session.db, { migrations, mode, dryRun }));
}

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
}

async function tables(): Promise<string[]> {
  const res = await session.db.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
  );
  return res.rows.map((r) => r.t);
}

const failsWith = (pattern: RegExp) => (err: unknown) => {
  assert.ok(isPgaError(err), `expected a PgaError, got ${String(err)}`);
  assert.equal(err.code, 'MIGRATION_FAILED');
  assert.match(err.message, pattern);
  return true;
};

test('applies the common file then the file of the mode, and records both', async () => {
  await write({
    '0001_a.sql': 'CREATE TABLE a (x int);',
    '0001_a.plain.sql': 'CREATE TABLE a_plain (x int);',
    '0001_a.timescale.sql': 'CREATE TABLE a_timescale (x int);',
    '0002_b.timescale.sql': 'CREATE TABLE b_timescale (x int);',
  });
  const result = await run('plain');
  assert.deepEqual(
    result.applied.map((m) => [m.key, m.files]),
    [
      ['0001_a', ['0001_a.sql', '0001_a.plain.sql']],
      ['0002_b', []],
    ],
  );
  assert.deepEqual(await tables(), ['a', 'a_plain', 'pga_meta', 'pga_migrations']);
  const meta = await session.db.query("SELECT value FROM pga_meta WHERE key = 'storage_mode'");
  assert.deepEqual(meta.rows, [{ value: 'plain' }]);
});

test('refuses an applied migration whose file changed', async () => {
  await write({ '0001_a.sql': 'CREATE TABLE a (x int);' });
  await run('plain');
  await write({ '0001_a.sql': 'CREATE TABLE a (x bigint);' });
  await assert.rejects(run('plain'), failsWith(/0001_a was changed after it was applied/));
});

test('refuses a database that has migrations this code does not know', async () => {
  await write({ '0001_a.sql': 'CREATE TABLE a (x int);', '0002_b.sql': 'CREATE TABLE b (x int);' });
  await run('plain');
  await rm(path.join(dir, '0002_b.sql'));
  await assert.rejects(run('plain'), failsWith(/has migration 0002_b.*run a newer version/));
});

test('a failing migration is rolled back whole and the earlier ones stay', async () => {
  await write({
    '0001_a.sql': 'CREATE TABLE a (x int);',
    '0002_b.sql': 'CREATE TABLE b (x int);\nSELECT 1 / 0;',
  });
  await assert.rejects(run('plain'), failsWith(/0002_b .*failed and was rolled back: division by zero/));
  assert.deepEqual(await tables(), ['a', 'pga_meta', 'pga_migrations']);
  const applied = await session.db.query('SELECT key FROM pga_migrations');
  assert.deepEqual(applied.rows, [{ key: '0001_a' }]);
  // Fixed, it applies.
  await write({ '0002_b.sql': 'CREATE TABLE b (x int);' });
  const result = await run('plain');
  assert.deepEqual(
    result.applied.map((m) => m.key),
    ['0002_b'],
  );
});

test('the mode is fixed at the first migration', async () => {
  await write({ '0001_a.sql': 'CREATE TABLE a (x int);' });
  await run('plain');
  await assert.rejects(run('timescale'), failsWith(/migrated in plain mode and cannot switch to timescale/));
  const again = await run('auto');
  assert.equal(again.mode, 'plain');
});

test('timescale mode is refused where the extension is not available', async (t) => {
  const res = await session.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'timescaledb'",
  );
  if (res.rows[0]?.n !== 0) return t.skip('this server has timescaledb');
  await write({ '0001_a.sql': 'CREATE TABLE a (x int);' });
  await assert.rejects(run('timescale'), failsWith(/timescaledb extension is not available/));
  const auto = await run('auto');
  assert.equal(auto.mode, 'plain');
  assert.match(auto.modeReason, /not available/);
});

test('a dry run reports and changes nothing', async () => {
  await write({ '0001_a.sql': 'CREATE TABLE a (x int);' });
  const result = await run('auto', true);
  assert.equal(result.dryRun, true);
  assert.deepEqual(
    result.applied.map((m) => m.key),
    ['0001_a'],
  );
  assert.deepEqual(await tables(), []);
});
