import pg from 'pg';
import '../lib/db/pool.ts';
import { pgExecutor, type SqlExecutor } from '../lib/db/executor.ts';

// Migrations and maintenance run on one dedicated connection: they hold a session advisory lock and
// open their own transactions.
export async function withDatabase<T>(databaseUrl: string, fn: (db: SqlExecutor) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'pganalytics-migrate' });
  // A connection lost while idle is reported by the next query; without a listener it would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(pgExecutor(client));
  } finally {
    await client.end();
  }
}
