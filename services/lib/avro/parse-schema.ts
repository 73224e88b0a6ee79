import avro from 'avsc';
import { ErrorCodes, PgaError } from '../errors.ts';
import { boundedArrayHook } from './bounded-array-type.ts';
import { crc64AvroBuffer } from './crc64-avro.ts';
import { exactLongHook } from './long-type.ts';

/** One array field of a batch schema and the database table its rows go to. */
export interface TableSpec {
  /** The batch field holding the rows, e.g. `rows`. */
  field: string;
  /** The `pga.table` attribute of that field. */
  table: string;
  /** The row record's field names in order (the table has `time`, `server_id`, then these). */
  columns: string[];
}

export interface ParsedSchema {
  type: avro.Type;
  /** Parsing Canonical Form (Avro specification). */
  canonical: string;
  /** CRC-64-AVRO of `canonical`, 8 bytes little-endian, as in single-object encoding. */
  fingerprint: Buffer;
  /** `fingerprint` as lowercase hex of those 8 bytes (wire order). */
  fingerprintHex: string;
  tables: TableSpec[];
}

function typeHook(schema: unknown, opts: unknown): avro.Type | undefined {
  return exactLongHook(schema) ?? boundedArrayHook(schema, opts);
}

/** Parses a schema with the codec's types: exact 64-bit longs, timestamps as plain microseconds. */
export function parseType(raw: unknown): avro.Type {
  return avro.Type.forSchema(raw as avro.Schema, { typeHook, wrapUnions: false });
}

// avsc's `schema()` without `exportAttrs` is the Parsing Canonical Form: full names, only the attributes
// the spec keeps, in the spec's order (name, type, fields, symbols, items, values, size), primitives as
// bare strings, named types after their first use as references. Checked against the vectors of Avro's
// share/test/data/schema-tests.txt in test/lib/avro/registry.test.ts.
export function canonicalForm(type: avro.Type): string {
  return JSON.stringify(type.schema());
}

interface RawField {
  name: string;
  type: unknown;
  [attr: string]: unknown;
}

/** The `pga.table` array fields of a batch schema, read from its JSON. */
export function tablesOf(raw: Record<string, unknown>): TableSpec[] {
  const fields = Array.isArray(raw.fields) ? (raw.fields as RawField[]) : [];
  const tables: TableSpec[] = [];
  for (const f of fields) {
    const table = f['pga.table'];
    if (typeof table !== 'string') continue;
    const items = (f.type as { items?: { fields?: RawField[] } }).items;
    tables.push({ field: f.name, table, columns: (items?.fields ?? []).map((rf) => rf.name) });
  }
  return tables;
}

export function parseSchema(raw: Record<string, unknown>, source = 'schema'): ParsedSchema {
  let type: avro.Type;
  try {
    type = parseType(raw);
  } catch (err) {
    throw new PgaError(
      ErrorCodes.AVRO_SCHEMA_INVALID,
      `${source}: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
  const canonical = canonicalForm(type);
  const fingerprint = crc64AvroBuffer(canonical);
  return { type, canonical, fingerprint, fingerprintHex: fingerprint.toString('hex'), tables: tablesOf(raw) };
}
