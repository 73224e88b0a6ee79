import type { SqlExecutor } from '../../../lib/db/executor.ts';
import { keyColumns, keysetAfter, likePattern, orderBy, SqlParams, type SortKey } from './keyset.ts';

// Monitored servers (upserted by ingest from every batch envelope) with their latest host and connection
// state: the newest system_cpu, system_memory and activity_summary rows of the hour before the server's
// last_seen (a bound that keeps each lookup to the newest partitions or chunks).

export const SERVER_KEYS: readonly SortKey[] = [{ expr: 's.server_id', kind: 'text', dir: 'asc' }];

export interface ServerFilter {
  /** Substring of the server id or host (case-insensitive). */
  search?: string;
  inRecovery?: boolean;
  /** Only servers that sent data in [from, to). */
  seen?: { from: Date; to: Date };
}

export interface ServerRow extends Record<string, unknown> {
  server_id: string;
  host: string;
  pg_version_num: number | null;
  in_recovery: boolean | null;
  collector_id: string;
  first_seen: Date;
  last_seen: Date;
  cpu_time: Date | null;
  cpu_busy_pct: number | null;
  load1: number | null;
  cpus: number | null;
  memory_time: Date | null;
  memory_total_bytes: number | null;
  memory_used_bytes: number | null;
  memory_available_bytes: number | null;
  activity_time: Date | null;
  connections: number | null;
  active_connections: number | null;
  idle_in_transaction: number | null;
  max_connections: number | null;
}

function latestStateSql(page: string): string {
  return `
SELECT s.server_id, s.host, s.pg_version_num, s.in_recovery, s.collector_id, s.first_seen, s.last_seen,
       cpu.time AS cpu_time, cpu.busy_pct AS cpu_busy_pct, cpu.load1, cpu.cpus,
       mem.time AS memory_time, mem.total_bytes AS memory_total_bytes, mem.used_bytes AS memory_used_bytes,
       mem.available_bytes AS memory_available_bytes,
       act.time AS activity_time, act.total AS connections, act.active AS active_connections,
       act.idle_in_transaction, act.max_connections, ${keyColumns(SERVER_KEYS)}
  FROM (${page}) s
  LEFT JOIN LATERAL (
    SELECT c.time, 100 - c.idle_pct AS busy_pct, c.load1, c.cpus
      FROM system_cpu c
     WHERE c.server_id = s.server_id AND c.time > s.last_seen - interval '1 hour' AND c.time <= s.last_seen
     ORDER BY c.time DESC LIMIT 1
  ) cpu ON true
  LEFT JOIN LATERAL (
    SELECT m.time, m.total_bytes, m.used_bytes, m.available_bytes
      FROM system_memory m
     WHERE m.server_id = s.server_id AND m.time > s.last_seen - interval '1 hour' AND m.time <= s.last_seen
     ORDER BY m.time DESC LIMIT 1
  ) mem ON true
  LEFT JOIN LATERAL (
    SELECT a.time, a.total, a.active, a.idle_in_transaction, a.max_connections
      FROM activity_summary a
     WHERE a.server_id = s.server_id AND a.time > s.last_seen - interval '1 hour' AND a.time <= s.last_seen
     ORDER BY a.time DESC LIMIT 1
  ) act ON true
 ORDER BY ${orderBy(SERVER_KEYS)}`;
}

/** Up to `limit + 1` servers by id, after `after`. */
export async function listServers(
  db: SqlExecutor,
  o: ServerFilter & { limit: number; after?: readonly string[] },
): Promise<ServerRow[]> {
  const p = new SqlParams();
  const where: string[] = [];
  if (o.search !== undefined) {
    const pattern = p.add(likePattern(o.search));
    where.push(`(s.server_id ILIKE ${pattern} ESCAPE '\\' OR s.host ILIKE ${pattern} ESCAPE '\\')`);
  }
  if (o.inRecovery !== undefined) where.push(`s.in_recovery = ${p.add(o.inRecovery, 'boolean')}`);
  if (o.seen) {
    where.push(`s.last_seen >= ${p.add(o.seen.from, 'timestamptz')}`);
    where.push(`s.first_seen < ${p.add(o.seen.to, 'timestamptz')}`);
  }
  if (o.after) where.push(keysetAfter(SERVER_KEYS, o.after, p));
  const page = `SELECT * FROM servers s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY ${orderBy(SERVER_KEYS)} LIMIT ${p.add(o.limit + 1, 'integer')}`;
  return (await db.query<ServerRow>(latestStateSql(page), p.values)).rows;
}

export async function serverById(db: SqlExecutor, serverId: string): Promise<ServerRow | undefined> {
  const res = await db.query<ServerRow>(latestStateSql('SELECT * FROM servers s WHERE s.server_id = $1'), [
    serverId,
  ]);
  return res.rows[0];
}

/**
 * The newest sample time of each metric table for one server (null when it never sent that family), so a
 * client sees what is collected. Statements are probed through statements_info, which is indexed by
 * (server_id, time) and has one row per statements sample.
 */
export async function latestSamples(
  db: SqlExecutor,
  serverId: string,
  families: ReadonlyArray<{ family: string; table: string }>,
): Promise<Array<{ family: string; last_time: Date | null }>> {
  const probe = (table: string) => (table === 'statements' ? 'statements_info' : table);
  const sql = families
    .map(
      (f, i) =>
        `SELECT ${i} AS i, (SELECT max(time) FROM ${probe(f.table)} WHERE server_id = $1) AS last_time`,
    )
    .join('\nUNION ALL\n');
  const res = await db.query<{ i: number; last_time: Date | null }>(sql, [serverId]);
  return res.rows
    .sort((a, b) => a.i - b.i)
    .map((r) => ({ family: (families[r.i] as { family: string }).family, last_time: r.last_time }));
}
