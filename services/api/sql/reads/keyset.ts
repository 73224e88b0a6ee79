import { createHash } from 'node:crypto';
import type { KeyKind } from '../../http/pagination.ts';

// Building blocks of the read statements: numbered bind parameters and keyset pagination. Only values are
// bound; every SQL fragment passed in here (column expressions, table names) comes from a fixed list in the
// read modules, never from a request.

/** Collects bind values and hands out their placeholders ($1, $2, …) with an optional cast. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

/** What runs a named prepared statement (a pg Pool or client). */
export interface PreparedQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** A prepared statement's name derived from its text, so that one name never means two statements. */
export function statementName(sql: string): string {
  return `pga_read_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
}

/** One column of an ORDER BY: an SQL expression over the row, the kind of its value, its direction. */
export interface SortKey {
  expr: string;
  kind: KeyKind;
  dir: 'asc' | 'desc';
}

const CAST: Record<KeyKind, string> = {
  timestamp: 'timestamptz',
  text: 'text',
  int: 'bigint',
  numeric: 'numeric',
};

/** `expr` as the text a cursor carries: timestamps in UTC with microseconds (a JS Date would lose them). */
export function keyText(key: Pick<SortKey, 'expr' | 'kind'>): string {
  return key.kind === 'timestamp' ? isoMicros(key.expr) : `(${key.expr})::text`;
}

/** A timestamptz expression as ISO 8601 UTC with microseconds, whatever the session's TimeZone. */
export function isoMicros(expr: string): string {
  return `to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function orderBy(keys: readonly SortKey[]): string {
  return keys.map((k) => `${k.expr} ${k.dir === 'asc' ? 'ASC' : 'DESC'}`).join(', ');
}

/**
 * The rows strictly after the row whose key is `after`, in the order of `keys` (any mix of directions):
 *   (k1 > a1) OR (k1 = a1 AND k2 > a2) OR …      ('<' for descending keys)
 * plus `k1 >= a1` (or `<=`) on its own, which lets the planner use an index on the first key.
 */
export function keysetAfter(keys: readonly SortKey[], after: readonly string[], params: SqlParams): string {
  if (after.length !== keys.length) throw new Error('keysetAfter: one value per sort key expected');
  const refs = keys.map((k, i) => params.add(after[i], CAST[k.kind]));
  const ors: string[] = [];
  keys.forEach((k, i) => {
    const equal = keys.slice(0, i).map((p, j) => `${p.expr} = ${refs[j]}`);
    ors.push([...equal, `${k.expr} ${k.dir === 'asc' ? '>' : '<'} ${refs[i]}`].join(' AND '));
  });
  const first = keys[0] as SortKey;
  return `(${first.expr} ${first.dir === 'asc' ? '>=' : '<='} ${refs[0]} AND ((${ors.join(') OR (')})))`;
}

/** The SELECT list entries `<keyText> AS _k0, …` that give every row's cursor key. */
export function keyColumns(keys: readonly SortKey[]): string {
  return keys.map((k, i) => `${keyText(k)} AS _k${i}`).join(', ');
}

/** The cursor key of a row selected with `keyColumns`. */
export function keyOfRow(row: Record<string, unknown>, keys: readonly SortKey[]): string[] {
  return keys.map((_, i) => String(row[`_k${i}`]));
}

/** The row without its `_k<i>` key columns. */
export function withoutKeys<R extends Record<string, unknown>>(row: R): R {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!/^_k\d+$/.test(k)) out[k] = v;
  return out as R;
}

/** `%text%` for ILIKE … ESCAPE '\', with the wildcards of `text` escaped so that it matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
