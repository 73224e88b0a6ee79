import type pg from 'pg';

// The least the migration runner, the storage maintenance and the read queries need from a database, so
// that they run unchanged over node-postgres (the product) and over PGlite (the TimescaleDB build used to
// test the TimescaleDB mode, which has no usable wire protocol for this).
//
// `query` runs one statement with bound parameters; `exec` runs a script of statements without parameters.
// Session state (BEGIN/COMMIT, advisory locks) is kept between calls only when the executor wraps one
// connection: a pg Client or PoolClient, or a PGlite instance. Over a pg Pool every call may use another
// connection, which is fine for single statements and wrong for transactions.

export type Row = Record<string, unknown>;

export interface SqlExecutor {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<void>;
}

/** Wraps a node-postgres Client, PoolClient or Pool. */
export function pgExecutor(client: pg.ClientBase | pg.Pool): SqlExecutor {
  return {
    async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      const res = await client.query<R>(sql, params as unknown[]);
      return { rows: res.rows };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** The part of the PGlite API used here (structural, so this module does not import PGlite). */
export interface PgliteLike {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

/** Wraps a PGlite instance (one in-process session). */
export function pgliteExecutor(db: PgliteLike): SqlExecutor {
  return {
    async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      const res = await db.query<R>(sql, [...params]);
      return { rows: res.rows };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

/** Runs `fn` in a transaction on a single-session executor; rolls back when it throws. */
export async function inTransaction<T>(db: SqlExecutor, fn: () => Promise<T>): Promise<T> {
  await db.exec('BEGIN');
  try {
    const result = await fn();
    await db.exec('COMMIT');
    return result;
  } catch (err) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
