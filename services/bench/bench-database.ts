import { randomBytes } from 'node:crypto';
import pg from 'pg';
import '../lib/db/pool.ts';
import { quoteIdent } from '../lib/db/quote.ts';
import { withDatabase } from '../migrate/connect.ts';
import { migrate } from '../migrate/migrate.ts';

// A database of the bench's own on the stack's PostgreSQL server: created empty, migrated in plain mode (the
// mode every machine can run), dropped at the end. The pipeline and the raw COPY each get one, so both write
// into identical empty tables with the same indexes and partitions.

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, application_name: 'pga-bench' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(serverUrl: string, label: string): Promise<BenchDatabase> {
  const name = `pga_bench_${label}_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${quoteIdent(name)}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db: BenchDatabase = {
    name,
    url,
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  };
  try {
    await withDatabase(url, (session) => migrate(session, { mode: 'plain' }));
  } catch (err) {
    await db.drop().catch(() => undefined);
    throw err;
  }
  return db;
}

/** Runs one statement on a bench database (counts, VACUUM, CHECKPOINT) on a connection of its own. */
export async function queryBench<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'pga-bench' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
