import type pg from 'pg';
import { withClient } from '../../lib/db/checkout.ts';

export type PoolClient = pg.PoolClient;

// One transaction on one pooled connection: BEGIN, fn(client), COMMIT — ROLLBACK when fn throws. A client
// whose connection was lost (lib/db/checkout.ts) or whose ROLLBACK failed is destroyed, not reused.
export async function inTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client, lease) => {
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
        lease.broken(rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr)));
      });
      throw err;
    }
  });
}
