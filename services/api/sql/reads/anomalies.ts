import type { SqlExecutor } from '../../../lib/db/executor.ts';
import {
  LIFECYCLE_STATUSES,
  transitionStatus,
  type LifecycleAction,
  type LifecycleStatus,
  type LifecycleTable,
  type TransitionResult,
} from '../lifecycle.ts';
import { isoMicros, keyColumns, keysetAfter, orderBy, SqlParams, type SortKey } from './keyset.ts';

// Anomaly events written by the analyzer (anomalies.v1), newest first, and the lifecycle people drive on
// them (sql/lifecycle.ts; migrations/0009_anomaly_lifecycle.sql).

export const ANOMALY_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AnomalySeverity = (typeof ANOMALY_SEVERITIES)[number];

export const ANOMALY_STATUSES = LIFECYCLE_STATUSES;
export type AnomalyStatus = LifecycleStatus;

export const ANOMALY_KEYS: readonly SortKey[] = [
  { expr: 'a.detected_at', kind: 'timestamp', dir: 'desc' },
  { expr: 'a.anomaly_id', kind: 'text', dir: 'asc' },
];

const COLUMNS = `a.anomaly_id, a.server_id, a.fingerprint, a.queryid::text AS queryid,
       ${isoMicros('a.detected_at')} AS detected_at, a.window_start, a.window_end, a.score, a.threshold,
       a.severity, a.model_version, a.explanation, a.summary, a.status, a.status_changed_at`;

const LIFECYCLE: LifecycleTable = {
  table: 'anomalies',
  alias: 'a',
  idColumn: 'anomaly_id',
  changedAtColumn: 'status_changed_at',
  columns: COLUMNS,
};

export interface AnomalyFilter {
  from: Date;
  to: Date;
  serverId?: string;
  fingerprint?: string;
  /** At least this severity. */
  severity?: AnomalySeverity;
  statuses?: readonly AnomalyStatus[];
}

export async function listAnomalies(
  db: SqlExecutor,
  o: AnomalyFilter & { limit: number; after?: readonly string[] },
): Promise<Array<Record<string, unknown>>> {
  const p = new SqlParams();
  const where = [
    `a.detected_at >= ${p.add(o.from, 'timestamptz')}`,
    `a.detected_at < ${p.add(o.to, 'timestamptz')}`,
  ];
  if (o.serverId !== undefined) where.push(`a.server_id = ${p.add(o.serverId)}`);
  if (o.fingerprint !== undefined) where.push(`a.fingerprint = ${p.add(o.fingerprint)}`);
  if (o.severity !== undefined) {
    const atLeast = ANOMALY_SEVERITIES.slice(ANOMALY_SEVERITIES.indexOf(o.severity));
    where.push(`a.severity = ANY(${p.add(atLeast, 'text[]')})`);
  }
  if (o.statuses !== undefined) where.push(`a.status = ANY(${p.add(o.statuses, 'text[]')})`);
  if (o.after) where.push(keysetAfter(ANOMALY_KEYS, o.after, p));
  const sql = `
SELECT ${COLUMNS}, ${keyColumns(ANOMALY_KEYS)}
  FROM anomalies a
 WHERE ${where.join(' AND ')}
 ORDER BY ${orderBy(ANOMALY_KEYS)}
 LIMIT ${p.add(o.limit + 1, 'integer')}`;
  return (await db.query(sql, p.values)).rows;
}

export function transitionAnomaly(
  db: SqlExecutor,
  id: string,
  action: LifecycleAction,
): Promise<TransitionResult<AnomalyStatus>> {
  return transitionStatus(db, LIFECYCLE, id, action);
}
