import type { SqlExecutor } from '../../../lib/db/executor.ts';
import { isoMicros, keyColumns, keysetAfter, orderBy, SqlParams, type SortKey } from './keyset.ts';

// Recommendations (recommendations.v1, latest state of each finding) and the lifecycle people drive:
//
//   open ──acknowledge──▶ acknowledged
//   open | acknowledged ──resolve──▶ resolved
//   open | acknowledged ──dismiss──▶ dismissed
//
// (`expired` is set by the analyzer.) A transition is one conditional UPDATE, so two people acting at once
// cannot both move the same finding: the second sees the new status and gets a conflict.

export const RECOMMENDATION_STATUSES = ['open', 'acknowledged', 'resolved', 'expired', 'dismissed'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export const TRANSITIONS = {
  acknowledge: { to: 'acknowledged', from: ['open'] },
  resolve: { to: 'resolved', from: ['open', 'acknowledged'] },
  dismiss: { to: 'dismissed', from: ['open', 'acknowledged'] },
} as const satisfies Record<string, { to: RecommendationStatus; from: readonly RecommendationStatus[] }>;
export type RecommendationAction = keyof typeof TRANSITIONS;

export const RECOMMENDATION_KEYS: readonly SortKey[] = [
  { expr: 'r.updated_at', kind: 'timestamp', dir: 'desc' },
  { expr: 'r.recommendation_id', kind: 'text', dir: 'asc' },
];

const COLUMNS = `r.recommendation_id, r.server_id, r.kind, r.title, r.status, r.created_at,
       ${isoMicros('r.updated_at')} AS updated_at, r.evidence, r.suggested_sql, r.estimated_benefit,
       r.benefit_score, r.fingerprint, r.dedupe_key`;

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

export type TransitionResult =
  | { outcome: 'done'; from: RecommendationStatus; row: Record<string, unknown> }
  | { outcome: 'not_found' }
  | { outcome: 'conflict'; status: RecommendationStatus };

export async function transitionRecommendation(
  db: SqlExecutor,
  id: string,
  action: RecommendationAction,
): Promise<TransitionResult> {
  const t = TRANSITIONS[action];
  const res = await db.query<Record<string, unknown> & { previous: RecommendationStatus }>(
    `WITH before AS (
       SELECT recommendation_id, status FROM recommendations WHERE recommendation_id = $1 FOR UPDATE
     )
     UPDATE recommendations r
        SET status = $2, updated_at = now()
       FROM before b
      WHERE r.recommendation_id = b.recommendation_id AND b.status = ANY($3::text[])
  RETURNING b.status AS previous, ${COLUMNS}`,
    [id, t.to, t.from],
  );
  const row = res.rows[0];
  if (row) {
    const { previous, ...rest } = row;
    return { outcome: 'done', from: previous, row: rest };
  }
  const now = await db.query<{ status: RecommendationStatus }>(
    'SELECT status FROM recommendations WHERE recommendation_id = $1',
    [id],
  );
  const current = now.rows[0];
  return current ? { outcome: 'conflict', status: current.status } : { outcome: 'not_found' };
}
