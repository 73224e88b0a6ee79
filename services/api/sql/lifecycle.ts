import type { Row, SqlExecutor } from '../../lib/db/executor.ts';

// The lifecycle people drive on what the analyzer reports, recommendations and anomalies alike:
//
//   open ──acknowledge──▶ acknowledged
//   open | acknowledged ──resolve──▶ resolved
//   open | acknowledged ──dismiss──▶ dismissed
//
// A transition is one conditional UPDATE, so two people acting at once cannot both move the same item: the
// second sees the new status and gets a conflict. A table may know statuses that no transition reaches
// (recommendations' `expired`, set by the analyzer): they only ever appear as the status of a conflict.

export const LIFECYCLE_STATUSES = ['open', 'acknowledged', 'resolved', 'dismissed'] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const TRANSITIONS = {
  acknowledge: { to: 'acknowledged', from: ['open'] },
  resolve: { to: 'resolved', from: ['open', 'acknowledged'] },
  dismiss: { to: 'dismissed', from: ['open', 'acknowledged'] },
} as const satisfies Record<string, { to: LifecycleStatus; from: readonly LifecycleStatus[] }>;
export type LifecycleAction = keyof typeof TRANSITIONS;
export const LIFECYCLE_ACTIONS = Object.keys(TRANSITIONS) as LifecycleAction[];

/**
 * Where a lifecycle is stored. Every name is a constant of the module that declares the table, never
 * anything from a request: they are written into the statement, the id and statuses are bound.
 */
export interface LifecycleTable {
  table: string;
  /** The table's alias in `columns`. */
  alias: string;
  idColumn: string;
  /** Set to now() by every transition. */
  changedAtColumn: string;
  /** The select list of one item, over `alias`. */
  columns: string;
}

export type TransitionResult<S extends string> =
  | { outcome: 'done'; from: LifecycleStatus; row: Row }
  | { outcome: 'not_found' }
  | { outcome: 'conflict'; status: S };

export async function transitionStatus<S extends string>(
  db: SqlExecutor,
  t: LifecycleTable,
  id: string,
  action: LifecycleAction,
): Promise<TransitionResult<S>> {
  const { to, from } = TRANSITIONS[action];
  const res = await db.query<Row & { previous: LifecycleStatus }>(
    `WITH before AS (
       SELECT ${t.idColumn}, status FROM ${t.table} WHERE ${t.idColumn} = $1 FOR UPDATE
     )
     UPDATE ${t.table} ${t.alias}
        SET status = $2, ${t.changedAtColumn} = now()
       FROM before b
      WHERE ${t.alias}.${t.idColumn} = b.${t.idColumn} AND b.status = ANY($3::text[])
  RETURNING b.status AS previous, ${t.columns}`,
    [id, to, from],
  );
  const row = res.rows[0];
  if (row) {
    const { previous, ...rest } = row;
    return { outcome: 'done', from: previous, row: rest };
  }
  const now = await db.query<{ status: S }>(`SELECT status FROM ${t.table} WHERE ${t.idColumn} = $1`, [id]);
  const current = now.rows[0];
  return current ? { outcome: 'conflict', status: current.status } : { outcome: 'not_found' };
}
