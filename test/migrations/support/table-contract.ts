import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlExecutor } from '../../../services/lib/db/executor.ts';

// The table contract of schemas/README.md, derived from the .avsc files with nothing but JSON.parse: for
// each array field marked `pga.table`, the columns time, server_id, then the row record's fields with their
// types mapped to PostgreSQL. Kept independent of the ingest code on purpose: it is the referee.

export const SCHEMAS_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export interface ColumnContract {
  name: string;
  /** information_schema.columns.data_type */
  type: string;
  nullable: boolean;
}

export interface TableContract {
  schemaFile: string;
  field: string;
  table: string;
  columns: ColumnContract[];
}

type AvroType =
  string | AvroType[] | { type: AvroType; logicalType?: string; items?: AvroType; fields?: AvroField[] };
interface AvroField {
  name: string;
  type: AvroType;
  'pga.table'?: string;
}

const PRIMITIVES: Record<string, string> = {
  long: 'bigint',
  int: 'integer',
  double: 'double precision',
  boolean: 'boolean',
  string: 'text',
};

function columnOf(where: string, field: AvroField): ColumnContract {
  let t = field.type;
  let nullable = false;
  if (Array.isArray(t)) {
    if (t.length !== 2 || t[0] !== 'null')
      throw new Error(`${where}.${field.name}: only ["null", T] unions belong in a row`);
    nullable = true;
    t = t[1] as AvroType;
  }
  if (typeof t === 'object' && !Array.isArray(t)) {
    if (t.type === 'long' && t.logicalType === 'timestamp-micros')
      return { name: field.name, type: 'timestamp with time zone', nullable };
    throw new Error(`${where}.${field.name}: rows must be flat, found ${JSON.stringify(t)}`);
  }
  const type = typeof t === 'string' ? PRIMITIVES[t] : undefined;
  if (type === undefined) throw new Error(`${where}.${field.name}: unmapped Avro type ${JSON.stringify(t)}`);
  return { name: field.name, type, nullable };
}

export function loadTableContracts(dir: string = SCHEMAS_DIR): TableContract[] {
  const contracts: TableContract[] = [];
  for (const schemaFile of readdirSync(dir)
    .filter((f) => f.endsWith('.avsc'))
    .sort()) {
    const schema = JSON.parse(readFileSync(path.join(dir, schemaFile), 'utf8')) as { fields?: AvroField[] };
    for (const field of schema.fields ?? []) {
      const table = field['pga.table'];
      if (table === undefined) continue;
      const items =
        typeof field.type === 'object' && !Array.isArray(field.type) ? field.type.items : undefined;
      const rowFields = typeof items === 'object' && !Array.isArray(items) ? items.fields : undefined;
      if (!rowFields)
        throw new Error(`${schemaFile}.${field.name}: pga.table on a field that is not an array of records`);
      contracts.push({
        schemaFile,
        field: field.name,
        table,
        columns: [
          { name: 'time', type: 'timestamp with time zone', nullable: false },
          { name: 'server_id', type: 'text', nullable: false },
          ...rowFields.map((f) => columnOf(`${schemaFile}.${field.name}`, f)),
        ],
      });
    }
  }
  return contracts;
}

export async function tableColumns(db: SqlExecutor, table: string): Promise<ColumnContract[]> {
  const res = await db.query<{ column_name: string; data_type: string; is_nullable: string }>(
    `SELECT column_name, data_type, is_nullable
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1
      ORDER BY ordinal_position`,
    [table],
  );
  return res.rows.map((r) => ({ name: r.column_name, type: r.data_type, nullable: r.is_nullable === 'YES' }));
}
