import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import pg from 'pg';

// What a monitored PostgreSQL needs for the agent, made the way docs tell an operator to: a login role that
// is a member of pg_monitor and nothing else, and pg_stat_statements created in the database it connects to.

export interface MonitorRole {
  name: string;
  drop(): Promise<void>;
}

async function onDb<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createMonitorRole(serverUrl: string): Promise<MonitorRole> {
  const name = `pga_agent_mon_${randomBytes(4).toString('hex')}`;
  await onDb(serverUrl, async (c) => {
    await c.query(`CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await c.query(`GRANT pg_monitor TO ${name}`);
  });
  return {
    name,
    drop: () =>
      onDb(serverUrl, async (c) => {
        await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [name]);
        await c.query(`DROP OWNED BY ${name}`).catch(() => undefined);
        await c.query(`DROP ROLE IF EXISTS ${name}`);
      }),
  };
}

export async function enablePgStatStatements(dbUrl: string): Promise<void> {
  await onDb(dbUrl, (c) => c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
}

export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  return onDb(url, async (c) => (await c.query<T>(sql, params)).rows);
}

/** pgbench against `dbUrl` (the Debian client); throws with its output when it fails. */
export function pgbench(dbUrl: string, args: string[]): string {
  const r = spawnSync('pgbench', [...args, dbUrl], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`pgbench ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return `${r.stdout}${r.stderr}`;
}
