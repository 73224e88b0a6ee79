import type { SqlExecutor } from '../../../lib/db/executor.ts';
import { isoMicros } from './keyset.ts';
import type { Resolution } from './resolution.ts';

// One query identity (pg_query fingerprint) across the fleet: its texts (one per server and queryid), its
// activity per bucket over [from, to) and per server. Like the top queries, raw rows with first_seen are
// left out. Raw samples are summed per minute (servers sample at different instants).

const SOURCES: Record<Resolution, { table: string; filter: string; bucket: string }> = {
  raw: {
    table: 'statements',
    filter: ' AND NOT s.first_seen',
    bucket: "date_bin(interval '1 minute', s.time, timestamptz '2000-01-03 00:00:00+00')",
  },
  '1h': { table: 'statements_1h', filter: '', bucket: 's.time' },
  '1d': { table: 'statements_1d', filter: '', bucket: 's.time' },
};

/** At most this many servers are listed (fleets are hundreds); the response says when there were more. */
export const MAX_DETAIL_SERVERS = 1000;

export interface QueryText extends Record<string, unknown> {
  server_id: string;
  queryid: string;
  query: string;
  query_truncated: boolean;
  fingerprint_version: string | null;
  first_seen: Date;
  last_seen: Date;
}

export interface SeriesPoint extends Record<string, unknown> {
  time: string;
  calls: number;
  total_time_ms: number;
}

export interface ServerActivity extends Record<string, unknown> {
  server_id: string;
  queryids: string[];
  calls: number;
  total_time_ms: number;
  last_seen: Date;
}

export interface DetailOptions {
  fingerprint: string;
  from: Date;
  to: Date;
  resolution: Resolution;
}

/** The texts carrying this fingerprint, newest first; empty when the fingerprint is unknown. */
export async function queryTexts(db: SqlExecutor, fingerprint: string): Promise<QueryText[]> {
  const res = await db.query<QueryText>(
    `SELECT server_id, queryid::text AS queryid, query, query_truncated, fingerprint_version, first_seen, last_seen
       FROM query_texts
      WHERE fingerprint = $1
      ORDER BY last_seen DESC, server_id, queryid
      LIMIT ${MAX_DETAIL_SERVERS * 4}`,
    [fingerprint],
  );
  return res.rows;
}

export async function querySeries(db: SqlExecutor, o: DetailOptions): Promise<SeriesPoint[]> {
  const src = SOURCES[o.resolution];
  const res = await db.query<{ time: string; calls: number; total_time_ms: number }>(
    `SELECT ${isoMicros('b.bucket')} AS time, b.calls, b.total_time_ms
       FROM (
         SELECT ${src.bucket} AS bucket, COALESCE(sum(s.calls), 0)::bigint AS calls,
                COALESCE(sum(s.total_exec_time_ms), 0) AS total_time_ms
           FROM query_texts t
           JOIN ${src.table} s ON s.server_id = t.server_id AND s.queryid = t.queryid
          WHERE t.fingerprint = $1 AND s.time >= $2::timestamptz AND s.time < $3::timestamptz${src.filter}
          GROUP BY 1
       ) b
      ORDER BY b.bucket`,
    [o.fingerprint, o.from, o.to],
  );
  return res.rows;
}

export async function queryServers(db: SqlExecutor, o: DetailOptions): Promise<ServerActivity[]> {
  const src = SOURCES[o.resolution];
  const res = await db.query<ServerActivity>(
    `SELECT t.server_id, array_agg(t.queryid::text ORDER BY t.queryid) AS queryids,
            COALESCE(sum(a.calls), 0)::bigint AS calls, COALESCE(sum(a.total_time_ms), 0) AS total_time_ms,
            max(t.last_seen) AS last_seen
       FROM query_texts t
       LEFT JOIN LATERAL (
         SELECT sum(s.calls) AS calls, sum(s.total_exec_time_ms) AS total_time_ms
           FROM ${src.table} s
          WHERE s.server_id = t.server_id AND s.queryid = t.queryid
            AND s.time >= $2::timestamptz AND s.time < $3::timestamptz${src.filter}
       ) a ON true
      WHERE t.fingerprint = $1
      GROUP BY t.server_id
      ORDER BY total_time_ms DESC, t.server_id
      LIMIT ${MAX_DETAIL_SERVERS + 1}`,
    [o.fingerprint, o.from, o.to],
  );
  return res.rows;
}
