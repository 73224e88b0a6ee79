import type { SqlExecutor } from '../../../lib/db/executor.ts';
import { quoteIdent } from '../../../lib/db/quote.ts';
import type { ColumnInfo, KeyColumn } from './families.ts';
import { isoMicros, keyColumns, keysetAfter, orderBy, SqlParams, type SortKey } from './keyset.ts';

// One server's rows of one metric table (raw samples or a rollup) over [from, to), oldest first, a page at a
// time. The table and the columns come from the family allow-list and the catalog, never from the request.

/** 64-bit ids that do not fit a JSON number: always sent as decimal strings. */
const ID_COLUMNS = new Set(['queryid', 'query_id', 'blocked_query_id', 'blocking_query_id']);

export interface MetricRowsOptions {
  table: string;
  /** Columns to return (validated against the table); `time` is always returned first. */
  columns: readonly ColumnInfo[];
  key: readonly KeyColumn[];
  serverId: string;
  from: Date;
  to: Date;
  limit: number;
  after?: readonly string[];
}

export function metricSortKeys(key: readonly KeyColumn[]): SortKey[] {
  return [
    { expr: 'm.time', kind: 'timestamp', dir: 'asc' },
    ...key.map((k) => ({ ...k, dir: 'asc' as const })),
  ];
}

function projection(col: ColumnInfo): string {
  const id = quoteIdent(col.name);
  if (col.name === 'time') return `${isoMicros('m.time')} AS time`;
  if (ID_COLUMNS.has(col.name)) return `m.${id}::text AS ${id}`;
  return `m.${id}`;
}

/** Up to `limit + 1` rows (the extra one tells that there is a next page), with their `_k<i>` keys. */
export async function metricRows(
  db: SqlExecutor,
  o: MetricRowsOptions,
): Promise<Array<Record<string, unknown>>> {
  const keys = metricSortKeys(o.key);
  const p = new SqlParams();
  const where = [
    `m.server_id = ${p.add(o.serverId)}`,
    `m.time >= ${p.add(o.from, 'timestamptz')}`,
    `m.time < ${p.add(o.to, 'timestamptz')}`,
  ];
  if (o.after) where.push(keysetAfter(keys, o.after, p));
  const cols = [
    { name: 'time', type: 'timestamp with time zone' },
    ...o.columns.filter((c) => c.name !== 'time'),
  ];
  const sql = `
SELECT ${cols.map(projection).join(', ')}, ${keyColumns(keys)}
  FROM ${quoteIdent(o.table)} AS m
 WHERE ${where.join(' AND ')}
 ORDER BY ${orderBy(keys)}
 LIMIT ${p.add(o.limit + 1, 'integer')}`;
  return (await db.query(sql, p.values)).rows;
}
