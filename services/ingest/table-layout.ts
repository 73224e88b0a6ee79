// How one array field of a batch schema maps onto its table: the columns `time` and `server_id` (from the
// envelope) followed by the row record's fields, same names and order (schemas/README.md). Derived once
// per schema from the .avsc JSON, so ingest needs no per-family code.

export type ColumnKind = 'timestamp' | 'string' | 'number' | 'boolean';

export interface ColumnLayout {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
}

export interface TableLayout {
  /** The batch field holding the rows, e.g. `rows` or `sessions`. */
  field: string;
  table: string;
  columns: ColumnLayout[];
}

type AvroSchema = string | AvroSchema[] | { type: AvroSchema; logicalType?: string; [k: string]: unknown };

interface AvroField {
  name: string;
  type: AvroSchema;
  [k: string]: unknown;
}

function columnOf(name: string, type: AvroSchema): ColumnLayout {
  let nullable = false;
  let t: AvroSchema = type;
  if (Array.isArray(t)) {
    const branches = t.filter((b) => b !== 'null');
    nullable = branches.length < t.length;
    if (branches.length !== 1) throw new Error(`column ${name}: only ["null", T] unions are supported`);
    t = branches[0] as AvroSchema;
  }
  if (typeof t === 'object' && !Array.isArray(t)) {
    if (t.logicalType === 'timestamp-micros' || t.logicalType === 'timestamp-millis') {
      if (t.logicalType === 'timestamp-millis') throw new Error(`column ${name}: use timestamp-micros`);
      return { name, kind: 'timestamp', nullable };
    }
    t = t.type;
  }
  switch (t) {
    case 'string':
      return { name, kind: 'string', nullable };
    case 'boolean':
      return { name, kind: 'boolean', nullable };
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return { name, kind: 'number', nullable };
    default:
      throw new Error(`column ${name}: unsupported Avro type ${JSON.stringify(t)}`);
  }
}

/** The tables of a batch schema (its array fields marked with `pga.table`). */
export function tableLayouts(rawSchema: Record<string, unknown>): TableLayout[] {
  const fields = (rawSchema.fields ?? []) as AvroField[];
  const layouts: TableLayout[] = [];
  for (const f of fields) {
    const table = f['pga.table'];
    if (typeof table !== 'string') continue;
    const arr = f.type as { type: string; items: { fields: AvroField[] } };
    const rowFields = arr.items.fields;
    layouts.push({
      field: f.name,
      table,
      columns: [
        { name: 'time', kind: 'timestamp', nullable: false },
        { name: 'server_id', kind: 'string', nullable: false },
        ...rowFields.map((rf) => columnOf(rf.name, rf.type)),
      ],
    });
  }
  return layouts;
}
