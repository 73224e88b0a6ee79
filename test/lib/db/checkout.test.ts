import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { withClient } from '../../../services/lib/db/checkout.ts';
import type { Pool } from '../../../services/lib/db/pool.ts';
import { createScratchPool, type ScratchDatabase, type ScratchPool } from '../../support/scratch-database.ts';

// withClient (services/lib/db/checkout.ts), which the ingest's writer and the API's transactions use: a
// connection lost while the client is checked out fails that call, not the process, and the client is
// destroyed instead of going back to the pool.

let scratch: ScratchPool;
let db: ScratchDatabase;
let pool: Pool;
before(async () => {
  scratch = await createScratchPool();
  ({ db, pool } = scratch);
});
after(async () => {
  await scratch?.close();
});

test('a backend terminated while checked out fails the call and the client is not reused', async () => {
  const killer = await db.connect();
  let lostPid = 0;
  try {
    await assert.rejects(
      withClient(pool, async (client) => {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        lostPid = rows[0]?.pid ?? 0;
        await killer.client.query('SELECT pg_terminate_backend($1)', [lostPid]);
        await new Promise((resolve) => setTimeout(resolve, 300)); // the 'error' event arrives while idle
        await client.query('SELECT 1');
      }),
    );
  } finally {
    await killer.close();
  }
  const pid = await withClient(pool, async (client) => {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0]?.pid;
  });
  assert.notEqual(pid, lostPid, 'a new connection, not the lost one');
});

test('a client marked broken is destroyed, a healthy one reused', async () => {
  const pidOf = (mark: boolean) =>
    withClient(pool, async (client, lease) => {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      if (mark) lease.broken();
      return rows[0]?.pid;
    });
  const first = await pidOf(false);
  assert.equal(await pidOf(true), first, 'the idle client was reused');
  assert.notEqual(await pidOf(false), first, 'the broken one was not');
});
