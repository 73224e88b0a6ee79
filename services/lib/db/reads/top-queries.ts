import type { SqlExecutor } from '../executor.ts';

// The statements that took the most execution time on one server over [from, to), from the raw deltas or
// from a rollup. Rows with first_seen are left out everywhere (their counters are cumulative totals), so
// for a range on whole hours (whole days for '1d') the raw table and the rollups give the same answer.

export type StatementsSource = 'raw' | '1h' | '1d';

export interface TopQueriesOptions {
  serverId: string;
  from: Date;
  to: Date;
  limit?: number;
  source?: StatementsSource;
}

export interface TopQuery {
  /** pg_stat_statements.queryid as a decimal string (a signed 64-bit value). */
  queryid: string;
  dbid: number;
  userid: number;
  calls: number;
  totalExecTimeMs: number;
  /** total time / calls; null when the statement had no calls in the range. */
  meanExecTimeMs: number | null;
  maxExecTimeMs: number | null;
  rows: number;
  sharedBlksHit: number;
  sharedBlksRead: number;
  tempBlksWritten: number;
}

function topQueriesSql(table: string, where: string): string {
  return `
SELECT queryid::text AS queryid, dbid, userid,
       sum(calls)::bigint AS calls,
       sum(total_exec_time_ms) AS total_exec_time_ms,
       sum(total_exec_time_ms) / NULLIF(sum(calls), 0) AS mean_exec_time_ms,
       max(max_exec_time_ms) AS max_exec_time_ms,
       sum(rows)::bigint AS rows,
       sum(shared_blks_hit)::bigint AS shared_blks_hit,
       sum(shared_blks_read)::bigint AS shared_blks_read,
       sum(temp_blks_written)::bigint AS temp_blks_written
  FROM ${table}
 WHERE server_id = $1 AND time >= $2::timestamptz AND time < $3::timestamptz${where}
 GROUP BY queryid, dbid, userid
 ORDER BY total_exec_time_ms DESC, queryid, dbid, userid
 LIMIT $4`;
}

const SQL: Record<StatementsSource, string> = {
  raw: topQueriesSql('statements', ' AND NOT first_seen'),
  '1h': topQueriesSql('statements_1h', ''),
  '1d': topQueriesSql('statements_1d', ''),
};

interface Row extends Record<string, unknown> {
  queryid: string;
  dbid: number | string;
  userid: number | string;
  calls: number | string;
  total_exec_time_ms: number;
  mean_exec_time_ms: number | null;
  max_exec_time_ms: number | null;
  rows: number | string;
  shared_blks_hit: number | string;
  shared_blks_read: number | string;
  temp_blks_written: number | string;
}

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function topQueries(db: SqlExecutor, opts: TopQueriesOptions): Promise<TopQuery[]> {
  const sql = SQL[opts.source ?? 'raw'];
  if (sql === undefined)
    throw new Error(`topQueries: unknown source ${JSON.stringify(opts.source)}, expected raw, 1h or 1d`);
  const res = await db.query<Row>(sql, [opts.serverId, opts.from, opts.to, opts.limit ?? 20]);
  return res.rows.map((r) => ({
    queryid: r.queryid,
    dbid: num(r.dbid),
    userid: num(r.userid),
    calls: num(r.calls),
    totalExecTimeMs: num(r.total_exec_time_ms),
    meanExecTimeMs: numOrNull(r.mean_exec_time_ms),
    maxExecTimeMs: numOrNull(r.max_exec_time_ms),
    rows: num(r.rows),
    sharedBlksHit: num(r.shared_blks_hit),
    sharedBlksRead: num(r.shared_blks_read),
    tempBlksWritten: num(r.temp_blks_written),
  }));
}
