import { randomBytes } from 'node:crypto';
import pg from 'pg';
import '../../services/lib/db/pool.ts';
import { loadStackConfig } from '../../services/lib/config/stack.ts';
import { pgExecutor, type SqlExecutor } from '../../services/lib/db/executor.ts';
import { createPool, type Pool } from '../../services/lib/db/pool.ts';

// A database of its own for each test, on the project's PostgreSQL (loadStackConfig().databaseUrl, the one
// `pga up` starts), dropped afterwards.

export interface ScratchDatabase {
  name: string;
  url: string;
  /** Opens a dedicated session (one connection) on the scratch database. */
  connect(): Promise<Session>;
  drop(): Promise<void>;
}

export interface Session {
  db: SqlExecutor;
  client: pg.Client;
  close(): Promise<void>;
}

async function onServer<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(
  serverUrl = loadStackConfig().databaseUrl,
): Promise<ScratchDatabase> {
  const name = `pga_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const sessions = new Set<pg.Client>();
  return {
    name,
    url,
    async connect() {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      sessions.add(client);
      return {
        db: pgExecutor(client),
        client,
        close: async () => {
          sessions.delete(client);
          await client.end();
        },
      };
    },
    async drop() {
      await Promise.all([...sessions].map((c) => c.end().catch(() => undefined)));
      await onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A scratch database with a small pool on it, for tests that lose connections on purpose. */
export interface ScratchPool {
  db: ScratchDatabase;
  pool: Pool;
  close(): Promise<void>;
}

export async function createScratchPool(max = 2): Promise<ScratchPool> {
  const db = await createScratchDatabase();
  const pool = createPool(db.url, { max });
  pool.on('error', () => undefined); // an idle connection whose backend a test terminated
  return {
    db,
    pool,
    close: async () => {
      await pool.end();
      await db.drop();
    },
  };
}
