import type { SqlExecutor } from '../executor.ts';

/** Plain mode: creates the partitions from yesterday to `daysAhead` days ahead; returns the ones created. */
export async function ensurePartitions(db: SqlExecutor, daysAhead: number, now?: Date): Promise<string[]> {
  const res = await db.query<{ created: string }>(
    'SELECT pga_ensure_partitions($1::integer, COALESCE($2::timestamptz, now())) AS created',
    [daysAhead, now ?? null],
  );
  return res.rows.map((r) => r.created);
}
