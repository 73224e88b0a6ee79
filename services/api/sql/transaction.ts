import type pg from 'pg';

export type PoolClient = pg.PoolClient;

// One transaction on one pooled connection: BEGIN, fn(client), COMMIT — ROLLBACK when fn throws.
//
// A checked-out client has no 'error' listener of the pool's: a connection lost while it is out (the
// server restarted, the backend terminated) would be an unhandled 'error' event, which ends the process.
// The error is kept instead (the statement in flight fails with it), and a client that lost its connection
// or whose ROLLBACK failed is destroyed rather than handed to the next request.
export async function inTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken ??= err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
      broken ??= rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    });
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
