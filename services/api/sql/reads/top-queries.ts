import {
  keyColumns,
  keysetAfter,
  orderBy,
  SqlParams,
  statementName,
  type PreparedQueryable,
  type SortKey,
} from './keyset.ts';
import type { Resolution } from './resolution.ts';

// Top statements over [from, to): of one server (grouped by pg_stat_statements' key: queryid, dbid, userid)
// or of the whole fleet (grouped by the pg_query fingerprint of the normalised text, across servers, through
// query_texts). Read from the raw deltas or from a rollup; raw rows with first_seen are left out (their
// counters are cumulative totals, like in the rollups), so every source gives the same sums over whole
// buckets.
//
// Fleet-wide, the rows are first summed per (server, queryid) — a few thousand groups — and only those are
// joined to query_texts and regrouped by fingerprint, then by fingerprint alone (servers = how many servers
// ran it). Statements whose text has not arrived yet, or did not parse, have no fingerprint: they appear in
// the per-server view only.
//
// Sort values are rounded to 6 decimals (numeric) so that a page boundary compares exactly, whatever the
// order in which floating-point sums were added.

export const TOP_SORTS = ['total_time', 'calls', 'mean_time', 'io', 'temp'] as const;
export type TopSort = (typeof TOP_SORTS)[number];

const SOURCES: Record<Resolution, { table: string; filter: string }> = {
  raw: { table: 'statements', filter: ' AND NOT s.first_seen' },
  '1h': { table: 'statements_1h', filter: '' },
  '1d': { table: 'statements_1d', filter: '' },
};

const SORT_VALUE: Record<TopSort, string> = {
  total_time: 'round(a.total_time_ms::numeric, 6)',
  calls: 'a.calls',
  mean_time: 'COALESCE(round((a.total_time_ms / NULLIF(a.calls, 0))::numeric, 6), -1)',
  io: 'a.io_blocks',
  temp: 'a.temp_blks_read + a.temp_blks_written',
};

/** Sums over source rows `s` (raw samples or rollup buckets). */
const SUMS = `
         COALESCE(sum(s.calls), 0)::bigint AS calls,
         COALESCE(sum(s.total_exec_time_ms), 0) AS total_time_ms,
         max(s.max_exec_time_ms) AS max_time_ms,
         COALESCE(sum(s.rows), 0)::bigint AS rows,
         COALESCE(sum(s.shared_blks_hit), 0)::bigint AS shared_blks_hit,
         COALESCE(sum(s.shared_blks_read), 0)::bigint AS shared_blks_read,
         COALESCE(sum(COALESCE(s.shared_blks_read, 0) + COALESCE(s.shared_blks_written, 0)
                    + COALESCE(s.local_blks_read, 0) + COALESCE(s.local_blks_written, 0)), 0)::bigint AS io_blocks,
         COALESCE(sum(COALESCE(s.shared_blk_read_time_ms, 0) + COALESCE(s.shared_blk_write_time_ms, 0)
                    + COALESCE(s.local_blk_read_time_ms, 0) + COALESCE(s.local_blk_write_time_ms, 0)), 0) AS io_time_ms,
         COALESCE(sum(s.temp_blks_read), 0)::bigint AS temp_blks_read,
         COALESCE(sum(s.temp_blks_written), 0)::bigint AS temp_blks_written`;

/** The same totals summed again over already summed rows of alias `x`. */
const resums = (x: string) => `
         sum(${x}.calls)::bigint AS calls,
         sum(${x}.total_time_ms) AS total_time_ms,
         max(${x}.max_time_ms) AS max_time_ms,
         sum(${x}.rows)::bigint AS rows,
         sum(${x}.shared_blks_hit)::bigint AS shared_blks_hit,
         sum(${x}.shared_blks_read)::bigint AS shared_blks_read,
         sum(${x}.io_blocks)::bigint AS io_blocks,
         sum(${x}.io_time_ms) AS io_time_ms,
         sum(${x}.temp_blks_read)::bigint AS temp_blks_read,
         sum(${x}.temp_blks_written)::bigint AS temp_blks_written`;

const TOTALS = `r.calls, r.total_time_ms, r.max_time_ms, r.rows, r.shared_blks_hit, r.shared_blks_read,
       r.io_blocks, r.io_time_ms, r.temp_blks_read, r.temp_blks_written`;

export const SERVER_KEYS: readonly SortKey[] = [
  { expr: 'r.sort_value', kind: 'numeric', dir: 'desc' },
  { expr: 'r.queryid', kind: 'int', dir: 'asc' },
  { expr: 'r.dbid', kind: 'int', dir: 'asc' },
  { expr: 'r.userid', kind: 'int', dir: 'asc' },
];
export const FLEET_KEYS: readonly SortKey[] = [
  { expr: 'r.sort_value', kind: 'numeric', dir: 'desc' },
  { expr: 'r.fingerprint', kind: 'text', dir: 'asc' },
];

export interface TopQueriesOptions {
  /** One server, or the whole fleet when undefined. */
  serverId?: string;
  from: Date;
  to: Date;
  resolution: Resolution;
  sort: TopSort;
  limit: number;
  /** Sort key of the last item of the previous page. */
  after?: readonly string[];
}

export interface Totals {
  calls: number;
  total_time_ms: number;
  max_time_ms: number | null;
  rows: number;
  shared_blks_hit: number;
  shared_blks_read: number;
  io_blocks: number;
  io_time_ms: number;
  temp_blks_read: number;
  temp_blks_written: number;
}

export interface ServerTopRow extends Totals, Record<string, unknown> {
  queryid: string;
  dbid: number;
  userid: number;
  fingerprint: string | null;
  query: string | null;
  query_truncated: boolean | null;
}

export interface FleetTopRow extends Totals, Record<string, unknown> {
  fingerprint: string;
  fingerprint_version: string | null;
  servers: number;
  query: string | null;
  query_truncated: boolean | null;
}

function serverSql(o: TopQueriesOptions, p: SqlParams): string {
  const src = SOURCES[o.resolution];
  const server = p.add(o.serverId);
  const page = o.after ? `WHERE ${keysetAfter(SERVER_KEYS, o.after, p)}` : '';
  return `
WITH a AS (
  SELECT s.queryid, s.dbid, s.userid,${SUMS}
    FROM ${src.table} s
   WHERE s.server_id = ${server}
     AND s.time >= ${p.add(o.from, 'timestamptz')} AND s.time < ${p.add(o.to, 'timestamptz')}${src.filter}
   GROUP BY s.queryid, s.dbid, s.userid
), r AS (
  SELECT a.*, ${SORT_VALUE[o.sort]} AS sort_value FROM a
), top AS (
  SELECT r.* FROM r ${page} ORDER BY ${orderBy(SERVER_KEYS)} LIMIT ${p.add(o.limit + 1, 'integer')}
)
SELECT r.queryid::text AS queryid, r.dbid, r.userid, ${TOTALS},
       t.fingerprint, t.query, t.query_truncated, ${keyColumns(SERVER_KEYS)}
  FROM top r
  LEFT JOIN query_texts t ON t.server_id = ${server} AND t.queryid = r.queryid
 ORDER BY ${orderBy(SERVER_KEYS)}`;
}

function fleetSql(o: TopQueriesOptions, p: SqlParams): string {
  const src = SOURCES[o.resolution];
  const page = o.after ? `WHERE ${keysetAfter(FLEET_KEYS, o.after, p)}` : '';
  return `
WITH q AS (
  SELECT s.server_id, s.queryid,${SUMS}
    FROM ${src.table} s
   WHERE s.time >= ${p.add(o.from, 'timestamptz')} AND s.time < ${p.add(o.to, 'timestamptz')}${src.filter}
   GROUP BY s.server_id, s.queryid
), f AS (
  SELECT t.fingerprint, q.server_id,${resums('q')}
    FROM q JOIN query_texts t ON t.server_id = q.server_id AND t.queryid = q.queryid
   WHERE t.fingerprint IS NOT NULL
   GROUP BY t.fingerprint, q.server_id
), a AS (
  SELECT f.fingerprint, count(*)::integer AS servers,${resums('f')}
    FROM f
   GROUP BY f.fingerprint
), r AS (
  SELECT a.*, ${SORT_VALUE[o.sort]} AS sort_value FROM a
), top AS (
  SELECT r.* FROM r ${page} ORDER BY ${orderBy(FLEET_KEYS)} LIMIT ${p.add(o.limit + 1, 'integer')}
)
SELECT r.fingerprint, r.servers, ${TOTALS},
       x.query, x.query_truncated, x.fingerprint_version, ${keyColumns(FLEET_KEYS)}
  FROM top r
  LEFT JOIN LATERAL (
    SELECT t.query, t.query_truncated, t.fingerprint_version
      FROM query_texts t
     WHERE t.fingerprint = r.fingerprint
     ORDER BY t.last_seen DESC
     LIMIT 1
  ) x ON true
 ORDER BY ${orderBy(FLEET_KEYS)}`;
}

/**
 * Up to `limit + 1` rows in sort order, each with its cursor key in `_k<i>`. Run as a named prepared
 * statement (one per statement shape: scope, resolution, sort, with or without cursor): PostgreSQL then
 * plans it once per connection instead of on every request, which is a third of a per-server read.
 */
export async function topQueries(
  db: PreparedQueryable,
  o: TopQueriesOptions,
): Promise<ServerTopRow[] | FleetTopRow[]> {
  const { sql, params } = topQueriesStatement(o);
  return (await db.query({ name: statementName(sql), text: sql, values: params })).rows as
    ServerTopRow[] | FleetTopRow[];
}

/** The SQL of a top-queries read and its parameters (for EXPLAIN in tests and the bench). */
export function topQueriesStatement(o: TopQueriesOptions): { sql: string; params: unknown[] } {
  const p = new SqlParams();
  const sql = o.serverId === undefined ? fleetSql(o, p) : serverSql(o, p);
  return { sql, params: p.values };
}
