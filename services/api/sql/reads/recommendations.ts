import type { SqlExecutor } from '../../../lib/db/executor.ts';
import {
  transitionStatus,
  type LifecycleAction,
  type LifecycleTable,
  type TransitionResult,
} from '../lifecycle.ts';
import { isoMicros, keyColumns, keysetAfter, orderBy, SqlParams, type SortKey } from './keyset.ts';

// Recommendations (recommendations.v1, latest state of each finding) and the lifecycle people drive on
// them (sql/lifecycle.ts). `expired` is set by the analyzer; no transition leads to it or leaves it.

export const RECOMMENDATION_STATUSES = ['open', 'acknowledged', 'resolved', 'expired', 'dismissed'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export const RECOMMENDATION_KEYS: readonly SortKey[] = [
  { expr: 'r.updated_at', kind: 'timestamp', dir: 'desc' },
  { expr: 'r.recommendation_id', kind: 'text', dir: 'asc' },
];

const COLUMNS = `r.recommendation_id, r.server_id, r.kind, r.title, r.status, r.created_at,
       ${isoMicros('r.updated_at')} AS updated_at, r.evidence, r.suggested_sql, r.estimated_benefit,
       r.benefit_score, r.fingerprint, r.dedupe_key`;

const LIFECYCLE: LifecycleTable = {
  table: 'recommendations',
  alias: 'r',
  idColumn: 'recommendation_id',
  changedAtColumn: 'updated_at',
  columns: COLUMNS,
};

export interface RecommendationFilter {
  serverId?: string;
  statuses?: readonly RecommendationStatus[];
  kind?: string;
  fingerprint?: string;
  /** Only those updated in [from, to). */
  updated?: { from: Date; to: Date };
}

export async function listRecommendations(
  db: SqlExecutor,
  o: RecommendationFilter & { limit: number; after?: readonly string[] },
): Promise<Array<Record<string, unknown>>> {
  const p = new SqlParams();
  const where: string[] = [];
  if (o.serverId !== undefined) where.push(`r.server_id = ${p.add(o.serverId)}`);
  if (o.statuses !== undefined) where.push(`r.status = ANY(${p.add(o.statuses, 'text[]')})`);
  if (o.kind !== undefined) where.push(`r.kind = ${p.add(o.kind)}`);
  if (o.fingerprint !== undefined) where.push(`r.fingerprint = ${p.add(o.fingerprint)}`);
  if (o.updated) {
    where.push(`r.updated_at >= ${p.add(o.updated.from, 'timestamptz')}`);
    where.push(`r.updated_at < ${p.add(o.updated.to, 'timestamptz')}`);
  }
  if (o.after) where.push(keysetAfter(RECOMMENDATION_KEYS, o.after, p));
  const sql = `
SELECT ${COLUMNS}, ${keyColumns(RECOMMENDATION_KEYS)}
  FROM recommendations r
 ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
 ORDER BY ${orderBy(RECOMMENDATION_KEYS)}
 LIMIT ${p.add(o.limit + 1, 'integer')}`;
  return (await db.query(sql, p.values)).rows;
}

export async function recommendationById(
  db: SqlExecutor,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const res = await db.query(`SELECT ${COLUMNS} FROM recommendations r WHERE r.recommendation_id = $1`, [id]);
  return res.rows[0];
}

export function transitionRecommendation(
  db: SqlExecutor,
  id: string,
  action: LifecycleAction,
): Promise<TransitionResult<RecommendationStatus>> {
  return transitionStatus(db, LIFECYCLE, id, action);
}
