import pg from 'pg';
import type { Logger } from '../lib/log/logger.ts';

// After start: the application role and database named in the default URL (pga / pga) and pg_stat_statements
// in that database. The role is SUPERUSER because the local stack's migrations create extensions and the
// simulator reads every pg_stat_* view; that is acceptable for a trust-only, 127.0.0.1-only development
// server, never for a shared one (see infra/README.md).

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface BootstrapTarget {
  port: number;
  role: string;
  database: string;
}

export function bootstrapTarget(databaseUrl: string, port: number): BootstrapTarget {
  const u = new URL(databaseUrl);
  return {
    port,
    role: decodeURIComponent(u.username) || 'pga',
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'pga',
  };
}

async function withClient<T>(port: number, database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database,
    connectionTimeoutMillis: 5000,
    application_name: 'pga-stack',
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function bootstrapDatabase(t: BootstrapTarget, log: Logger): Promise<void> {
  await withClient(t.port, 'postgres', async (c) => {
    const role = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [t.role]);
    if (role.rowCount === 0) {
      log.info(`postgres: creating role ${t.role}`);
      await c.query(`CREATE ROLE ${quoteIdent(t.role)} LOGIN SUPERUSER`);
    }
    const db = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [t.database]);
    if (db.rowCount === 0) {
      log.info(`postgres: creating database ${t.database}`);
      await c.query(`CREATE DATABASE ${quoteIdent(t.database)} OWNER ${quoteIdent(t.role)} ENCODING 'UTF8'`);
    }
  });
  await withClient(t.port, t.database, (c) => c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
}

/** Connects with `url` and runs one query; resolves the server version or throws the driver's error. */
export async function probeDatabase(url: string, timeoutMs = 3000): Promise<string> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    application_name: 'pga-stack',
  });
  await client.connect();
  try {
    const r = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return r.rows[0]?.v ?? 'unknown';
  } finally {
    await client.end().catch(() => undefined);
  }
}
