import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, PgaError } from '../../errors.ts';
import type { StorageMode } from './storage-mode.ts';

// The migrations folder: numbered, immutable SQL files.
//
//   NNNN_name.sql             applied in both storage modes
//   NNNN_name.timescale.sql   applied only in TimescaleDB mode
//   NNNN_name.plain.sql       applied only in plain PostgreSQL mode
//
// Files with the same number form one migration, applied in one transaction: the common file first, then
// the file of the database's mode. Numbers start at 1 and have no gaps, so two branches that both add a
// 0007 collide loudly instead of applying in an order that depends on who merged first. A migration whose
// only file belongs to the other mode is still recorded (with no files), so both modes count alike.

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../migrations/', import.meta.url));

const FILE_NAME = /^(\d{4})_([a-z0-9_]+?)(?:\.(timescale|plain))?\.sql$/;

type Variant = 'common' | StorageMode;

export interface MigrationFile {
  file: string;
  variant: Variant;
  sql: string;
}

export interface Migration {
  id: number;
  /** `0003_metrics`: the number and name shared by the migration's files. */
  key: string;
  files: MigrationFile[];
}

/** What one migration means in one storage mode. */
export interface PlannedMigration {
  id: number;
  key: string;
  files: string[];
  sql: string;
  checksum: string;
}

function invalid(message: string): PgaError {
  return new PgaError(ErrorCodes.MIGRATION_FAILED, message);
}

/** Parses a folder listing (file name → content) into migrations, refusing anything ambiguous. */
export function parseMigrations(entries: Array<{ file: string; sql: string }>): Migration[] {
  const byId = new Map<number, Migration>();
  for (const { file, sql } of entries) {
    if (!file.endsWith('.sql')) continue;
    const m = FILE_NAME.exec(file);
    if (!m)
      throw invalid(
        `migration file ${file}: expected NNNN_name.sql, NNNN_name.timescale.sql or NNNN_name.plain.sql`,
      );
    const id = Number(m[1]);
    const key = `${m[1]}_${m[2]}`;
    const variant = (m[3] ?? 'common') as Variant;
    let migration = byId.get(id);
    if (!migration) {
      migration = { id, key, files: [] };
      byId.set(id, migration);
    }
    if (migration.key !== key)
      throw invalid(`migrations ${migration.key} and ${key} share the number ${m[1]}`);
    if (migration.files.some((f) => f.variant === variant))
      throw invalid(`migration ${key} has two ${variant} files`);
    // Line endings are normalised so a checkout with CRLF does not look like an edited migration.
    migration.files.push({ file, variant, sql: sql.replace(/\r\n/g, '\n') });
  }
  const migrations = [...byId.values()].sort((a, b) => a.id - b.id);
  migrations.forEach((m, i) => {
    if (m.id !== i + 1)
      throw invalid(`migration numbers must run 1, 2, 3… without gaps: found ${m.key} at position ${i + 1}`);
  });
  return migrations;
}

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).sort();
  const entries = await Promise.all(
    names
      .filter((f) => f.endsWith('.sql'))
      .map(async (file) => ({ file, sql: await readFile(path.join(dir, file), 'utf8') })),
  );
  return parseMigrations(entries);
}

/** The files, SQL and checksum of each migration in `mode`. */
export function planMigrations(migrations: Migration[], mode: StorageMode): PlannedMigration[] {
  return migrations.map((m) => {
    const files = (['common', mode] as const)
      .map((variant) => m.files.find((f) => f.variant === variant))
      .filter((f): f is MigrationFile => f !== undefined);
    const hash = createHash('sha256');
    for (const f of files) hash.update(`-- file: ${f.file}\n${f.sql}\n`);
    return {
      id: m.id,
      key: m.key,
      files: files.map((f) => f.file),
      sql: files.map((f) => `-- file: ${f.file}\n${f.sql}`).join('\n'),
      checksum: hash.digest('hex'),
    };
  });
}
