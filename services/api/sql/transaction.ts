import type pg from 'pg';

export type PoolClient = pg.PoolClient;

// One transaction on one pooled connection: BEGIN, fn(client), COMMIT — ROLLBACK when fn throws.
export async function inTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
