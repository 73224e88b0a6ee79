import { quoteIdent } from '../../../services/lib/db/quote.ts';
import type { SqlExecutor } from '../../../services/lib/db/executor.ts';
import { loadTableContracts, type TableContract } from './table-contract.ts';

// Test rows for the metric tables: give the columns a test cares about, the others get a neutral value
// (null when nullable, else 0, false or 'x'), following the schema contract so rows fit in every mode.

export type TestRow = Record<string, unknown>;

let contracts: Map<string, TableContract> | undefined;

function contractOf(table: string): TableContract {
  contracts ??= new Map(loadTableContracts().map((c) => [c.table, c]));
  const c = contracts.get(table);
  if (!c) throw new Error(`no schema declares table ${table}`);
  return c;
}

export function completeRow(table: string, given: TestRow): TestRow {
  const row: TestRow = {};
  for (const col of contractOf(table).columns) {
    if (col.name in given) row[col.name] = given[col.name];
    else if (col.nullable) row[col.name] = null;
    else if (col.type === 'boolean') row[col.name] = false;
    else if (col.type === 'text') row[col.name] = 'x';
    else if (col.type === 'timestamp with time zone') row[col.name] = given.time;
    else row[col.name] = 0;
  }
  for (const key of Object.keys(given)) {
    if (!(key in row)) throw new Error(`${table} has no column ${key}`);
  }
  return row;
}

/** Inserts complete rows with bound parameters, in chunks that stay under the parameter limit. */
export async function insertRows(db: SqlExecutor, table: string, given: TestRow[]): Promise<void> {
  if (given.length === 0) return;
  const rows = given.map((g) => completeRow(table, g));
  const columns = Object.keys(rows[0] as TestRow);
  const perChunk = Math.floor(30_000 / columns.length);
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((r) => {
      const refs = columns.map((c) => {
        params.push(r[c]);
        return `$${params.length}`;
      });
      return `(${refs.join(', ')})`;
    });
    await db.query(
      `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}
