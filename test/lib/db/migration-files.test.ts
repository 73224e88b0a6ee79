import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPgaError } from '../../../services/lib/errors.ts';
import {
  loadMigrations,
  parseMigrations,
  planMigrations,
} from '../../../services/lib/db/migrate/migration-files.ts';

const files = (names: Record<string, string>) => Object.entries(names).map(([file, sql]) => ({ file, sql }));

const refused = (pattern: RegExp) => (err: unknown) => {
  assert.ok(isPgaError(err));
  assert.equal(err.code, 'MIGRATION_FAILED');
  assert.match(err.message, pattern);
  return true;
};

test('files with one number form one migration; each mode gets the common file then its own', () => {
  const migrations = parseMigrations(
    files({
      '0002_b.plain.sql': 'B plain',
      '0001_a.sql': 'A',
      '0001_a.timescale.sql': 'A ts',
      '0002_b.timescale.sql': 'B ts',
      '0003_c.sql': 'C',
      'README.md': 'ignored',
    }),
  );
  assert.deepEqual(
    migrations.map((m) => m.key),
    ['0001_a', '0002_b', '0003_c'],
  );
  const plain = planMigrations(migrations, 'plain');
  const timescale = planMigrations(migrations, 'timescale');
  assert.deepEqual(
    plain.map((p) => p.files),
    [['0001_a.sql'], ['0002_b.plain.sql'], ['0003_c.sql']],
  );
  assert.deepEqual(
    timescale.map((p) => p.files),
    [['0001_a.sql', '0001_a.timescale.sql'], ['0002_b.timescale.sql'], ['0003_c.sql']],
  );
  const first = timescale[0]?.sql ?? '';
  assert.ok(first.indexOf('A ts') > first.indexOf('A\n'));
  assert.notEqual(plain[0]?.checksum, timescale[0]?.checksum);
  assert.equal(plain[2]?.checksum, timescale[2]?.checksum);
});

test('the checksum changes with the content, not with line endings', () => {
  const plan = (sql: string) =>
    planMigrations(parseMigrations(files({ '0001_a.sql': sql })), 'plain')[0]?.checksum;
  assert.equal(plan('SELECT 1;\nSELECT 2;\n'), plan('SELECT 1;\r\nSELECT 2;\r\n'));
  assert.notEqual(plan('SELECT 1;\n'), plan('SELECT 2;\n'));
});

test('ambiguous folders are refused', () => {
  assert.throws(() => parseMigrations(files({ '1_a.sql': '' })), refused(/expected NNNN_name\.sql/));
  assert.throws(() => parseMigrations(files({ '0001_a.mysql.sql': '' })), refused(/expected NNNN_name/));
  assert.throws(
    () => parseMigrations(files({ '0001_a.sql': '', '0001_b.sql': '' })),
    refused(/share the number 0001/),
  );
  assert.throws(
    () => parseMigrations(files({ '0001_a.sql': '', '0003_c.sql': '' })),
    refused(/without gaps/),
  );
  assert.throws(() => parseMigrations(files({ '0002_a.sql': '' })), refused(/without gaps/));
});

test('the project migrations folder parses', async () => {
  const migrations = await loadMigrations();
  assert.ok(migrations.length >= 5);
  assert.equal(migrations[0]?.key, '0001_storage');
  for (const mode of ['plain', 'timescale'] as const) {
    for (const p of planMigrations(migrations, mode))
      assert.ok(p.files.length > 0, `${p.key} has no ${mode} files`);
  }
});
