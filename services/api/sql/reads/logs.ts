import type { SqlExecutor } from '../../../lib/db/executor.ts';
import {
  isoMicros,
  keyColumns,
  keysetAfter,
  likePattern,
  orderBy,
  SqlParams,
  type SortKey,
} from './keyset.ts';

// Log events (logs.v1), newest batch first. Rows have no id: the order is the batch (time, server) and,
// inside it, the event's own log_time, pid and a hash of its message, which tells apart everything but
// exact duplicates (and those are indistinguishable to a reader anyway).

/** Severities from the least to the most severe (error_severity; DEBUG1–5 arrive as DEBUG). */
export const SEVERITIES = ['DEBUG', 'LOG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'FATAL', 'PANIC'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const LOG_KEYS: readonly SortKey[] = [
  { expr: 'l.time', kind: 'timestamp', dir: 'desc' },
  { expr: 'l.server_id', kind: 'text', dir: 'asc' },
  { expr: 'l.log_time', kind: 'timestamp', dir: 'desc' },
  { expr: 'COALESCE(l.pid, -1)', kind: 'int', dir: 'asc' },
  { expr: 'md5(l.message)', kind: 'text', dir: 'asc' },
];

export interface LogFilter {
  from: Date;
  to: Date;
  serverId?: string;
  /** At least this severity. */
  severity?: Severity;
  category?: string;
  sqlstate?: string;
  database?: string;
  /** Substring of the message, detail or statement (case-insensitive, taken literally). */
  text?: string;
}

export async function searchLogs(
  db: SqlExecutor,
  o: LogFilter & { limit: number; after?: readonly string[] },
): Promise<Array<Record<string, unknown>>> {
  const p = new SqlParams();
  const where = [`l.time >= ${p.add(o.from, 'timestamptz')}`, `l.time < ${p.add(o.to, 'timestamptz')}`];
  if (o.serverId !== undefined) where.push(`l.server_id = ${p.add(o.serverId)}`);
  if (o.severity !== undefined) {
    const atLeast = SEVERITIES.slice(SEVERITIES.indexOf(o.severity));
    where.push(`l.severity = ANY(${p.add(atLeast, 'text[]')})`);
  }
  if (o.category !== undefined) where.push(`l.category = ${p.add(o.category)}`);
  if (o.sqlstate !== undefined) where.push(`l.sqlstate = ${p.add(o.sqlstate)}`);
  if (o.database !== undefined) where.push(`l.database_name = ${p.add(o.database)}`);
  if (o.text !== undefined) {
    const pattern = p.add(likePattern(o.text));
    where.push(
      `(l.message ILIKE ${pattern} ESCAPE '\\' OR l.detail ILIKE ${pattern} ESCAPE '\\' OR l.statement ILIKE ${pattern} ESCAPE '\\')`,
    );
  }
  if (o.after) where.push(keysetAfter(LOG_KEYS, o.after, p));
  const sql = `
SELECT ${isoMicros('l.time')} AS time, l.server_id, ${isoMicros('l.log_time')} AS log_time, l.severity, l.sqlstate,
       l.category, l.database_name, l.user_name, l.application_name, l.pid, l.backend_type, l.duration_ms,
       l.message, l.detail, l.hint, l.context, l.statement, l.query_id::text AS query_id, l.plan, l.line_count,
       l.truncated, ${keyColumns(LOG_KEYS)}
  FROM log_events l
 WHERE ${where.join(' AND ')}
 ORDER BY ${orderBy(LOG_KEYS)}
 LIMIT ${p.add(o.limit + 1, 'integer')}`;
  return (await db.query(sql, p.values)).rows;
}
