import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inTransaction } from '../../services/api/sql/transaction.ts';
import type { Pool } from '../../services/lib/db/pool.ts';
import { createScratchPool, type ScratchDatabase, type ScratchPool } from '../support/scratch-database.ts';

// inTransaction (services/api/sql/transaction.ts) when the connection is lost in the middle of a
// transaction: that request fails, the process does not (a checked-out client's 'error' event used to be
// unhandled), and the pool goes on with a new connection.

let scratch: ScratchPool;
let db: ScratchDatabase;
let pool: Pool;
before(async () => {
  scratch = await createScratchPool();
  ({ db, pool } = scratch);
  await pool.query('CREATE TABLE t (n integer)');
});
after(async () => {
  await scratch?.close();
});

test('a backend terminated between two statements fails the transaction, not the process', async () => {
  const killer = await db.connect();
  try {
    await assert.rejects(
      inTransaction(pool, async (tx) => {
        await tx.query('INSERT INTO t VALUES (1)');
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await killer.client.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
        // The termination arrives while no statement of this client runs.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tx.query('INSERT INTO t VALUES (2)');
      }),
    );
  } finally {
    await killer.close();
  }
  const after = await inTransaction(pool, async (tx) => {
    await tx.query('INSERT INTO t VALUES (3)');
    return (await tx.query<{ n: number }>('SELECT n FROM t ORDER BY n')).rows.map((r) => r.n);
  });
  assert.deepEqual(after, [3], 'nothing of the lost transaction was kept; the pool gave a live connection');
});

test('a statement that fails rolls back and hands the connection back for reuse', async () => {
  await assert.rejects(
    inTransaction(pool, async (tx) => {
      await tx.query('INSERT INTO t VALUES (4)');
      await tx.query('SELECT 1/0');
    }),
    /division by zero/,
  );
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE n = 4');
  assert.equal(rows[0]?.n, 0);
  assert.equal(pool.totalCount, pool.idleCount, 'every connection is back in the pool');
});
