import type { SqlExecutor } from '../executor.ts';

// The runner's own tables, created before any migration (under the advisory lock) so that the first
// migration can already be recorded: which migrations were applied, and the settings of the database
// (storage mode, retention) that later migrations and the maintenance read.
const BOOTSTRAP = `
CREATE TABLE IF NOT EXISTS pga_migrations (
  id          integer      PRIMARY KEY,
  key         text         NOT NULL UNIQUE,
  files       text[]       NOT NULL,
  checksum    text         NOT NULL,
  applied_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS pga_meta (
  key         text         PRIMARY KEY,
  value       text         NOT NULL,
  updated_at  timestamptz  NOT NULL DEFAULT now()
);`;

export interface AppliedRow {
  id: number;
  key: string;
  checksum: string;
}

export async function bootstrapMetaTables(db: SqlExecutor): Promise<void> {
  await db.exec(BOOTSTRAP);
}

/** False on a database that was never migrated (used by --dry-run, which creates nothing). */
export async function metaTablesExist(db: SqlExecutor): Promise<boolean> {
  const res = await db.query<{ ok: boolean }>(
    "SELECT to_regclass('pga_migrations') IS NOT NULL AND to_regclass('pga_meta') IS NOT NULL AS ok",
  );
  return res.rows[0]?.ok === true;
}

export async function readApplied(db: SqlExecutor): Promise<AppliedRow[]> {
  const res = await db.query<{ id: number; key: string; checksum: string }>(
    'SELECT id, key, checksum FROM pga_migrations ORDER BY id',
  );
  return res.rows.map((r) => ({ id: Number(r.id), key: r.key, checksum: r.checksum }));
}

export async function recordApplied(
  db: SqlExecutor,
  m: { id: number; key: string; files: string[]; checksum: string },
): Promise<void> {
  await db.query('INSERT INTO pga_migrations (id, key, files, checksum) VALUES ($1, $2, $3, $4)', [
    m.id,
    m.key,
    m.files,
    m.checksum,
  ]);
}

export async function readMeta(db: SqlExecutor, key: string): Promise<string | undefined> {
  const res = await db.query<{ value: string }>('SELECT value FROM pga_meta WHERE key = $1', [key]);
  return res.rows[0]?.value;
}

/** Writes a setting; returns the previous value when it changed, `null` when it was new, undefined if equal. */
export async function writeMeta(
  db: SqlExecutor,
  key: string,
  value: string,
): Promise<string | null | undefined> {
  const previous = await readMeta(db, key);
  if (previous === value) return undefined;
  await db.query(
    `INSERT INTO pga_meta (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, value],
  );
  return previous ?? null;
}
