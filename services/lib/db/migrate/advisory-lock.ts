import type { SqlExecutor } from '../executor.ts';

// One session-level advisory lock serialises everything that changes the schema or its partitions:
// `pga migrate` and each `pga maintain` round. Two installers that race both succeed: the second waits,
// then finds the migrations applied. The lock goes with the session if the process dies.
// The key pair is ('pga\0' as an int4, 1).
const LOCK_CLASS = 0x70676100;
const LOCK_SCHEMA = 1;

async function unlock(db: SqlExecutor): Promise<void> {
  await db.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, LOCK_SCHEMA]);
}

/** Runs `fn` holding the schema lock; `db` must be one session (a Client, PoolClient or PGlite). */
export async function withSchemaLock<T>(db: SqlExecutor, fn: () => Promise<T>): Promise<T> {
  await db.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, LOCK_SCHEMA]);
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    await unlock(db).catch(() => undefined);
    throw err;
  }
  await unlock(db);
  return result;
}
