import type { PoolClient } from '../lib/db/pool.ts';
import { binaryColumnType } from './copy-binary.ts';
import type { CopyTarget } from './copy-into.ts';

// COPY BINARY needs each column's exact type (an int8 value is refused by an integer column). The schemas
// map Avro types to column types by one convention (long → bigint, int → integer, double → double
// precision, timestamp-micros → timestamptz, …); before a table gets binary rows, its columns are read
// from the catalog once and compared with that convention. A table that differs gets text, which
// PostgreSQL converts for any column type.

export const COPY_FORMATS = ['binary', 'text'] as const;
export type CopyFormat = (typeof COPY_FORMATS)[number];
/** Chosen by measurement (`pga bench ingest`); PGA_INGEST_COPY_FORMAT overrides it. */
export const DEFAULT_COPY_FORMAT: CopyFormat = 'binary';

const binaryOk = new Map<string, boolean>();

export function forgetColumnTypes(): void {
  binaryOk.clear();
}

function expectedTypes(target: CopyTarget): string[] {
  return ['timestamp with time zone', 'text', ...target.row.ops.map(binaryColumnType)];
}

export async function copyFormatFor(
  client: PoolClient,
  target: CopyTarget,
  wanted: CopyFormat,
): Promise<CopyFormat> {
  if (wanted === 'text') return 'text';
  const key = `${client.database ?? ''}\u0000${target.layout.table}`;
  let ok = binaryOk.get(key);
  if (ok === undefined) {
    const res = await client.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, NULL) AS type
         FROM pg_attribute
        WHERE attrelid = to_regclass(quote_ident($1)) AND attnum > 0 AND NOT attisdropped`,
      [target.layout.table],
    );
    const actual = new Map(res.rows.map((r) => [r.name, r.type]));
    const expected = expectedTypes(target);
    ok = target.layout.columns.every((c, i) => actual.get(c.name) === expected[i]);
    binaryOk.set(key, ok);
  }
  return ok ? 'binary' : 'text';
}
