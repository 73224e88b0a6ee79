import type pg from 'pg';

/** Lets the caller of withClient mark the client as not fit for reuse (it is destroyed, not pooled). */
export interface Lease {
  broken(err?: Error): void;
}

// Runs `fn` with a client checked out of the pool, and returns it afterwards.
//
// A checked-out client has no 'error' listener of the pool's: a connection lost while it is out (the server
// restarted, the backend terminated) would be an unhandled 'error' event, which ends the process. The error
// is kept instead (the statement in flight fails with it), and a client that lost its connection, or that
// `fn` marked broken, is destroyed rather than handed to the next caller.
export async function withClient<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient, lease: Lease) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken ??= err;
  };
  client.on('error', onError);
  try {
    return await fn(client, {
      broken: (err) => {
        broken ??= err ?? new Error('marked broken');
      },
    });
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
