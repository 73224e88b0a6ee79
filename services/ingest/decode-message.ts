import type avro from 'avsc';
import {
  decodeSingleObject,
  SINGLE_OBJECT_HEADER_BYTES,
  type SchemaEntry,
  type SchemaRegistry,
} from '../lib/avro/index.ts';
import { ErrorCodes, PoisonMessageError } from '../lib/errors.ts';
import { streamOf } from '../lib/kafka/topics.ts';
import { compileRowOps, scanned, scanRows, type RowOps } from './avro-rows.ts';
import type { CopySource, CopyTarget } from './copy-into.ts';
import { microsToTimestamp } from './copy-text.ts';
import type { DeadLetterSource } from './dead-letter.ts';
import { tableLayouts, type TableLayout } from './table-layout.ts';

// Turns one Kafka message into a batch ready for COPY, or throws PoisonMessageError (the reason the
// message goes to the dead-letter topic). Nothing here touches the database.
//
// Fast path, for a message written with its stream's current schema: the envelope is decoded with avsc,
// and each COPY table's row array is only checked (avro-rows.ts) and kept as bytes, to be encoded while it
// is streamed into COPY. Any other message (an older writer schema, anything the check refuses) is
// decoded with avsc into the current schema, which names the reason when the message is poison; its row
// arrays are then encoded again with the current schema, so both paths feed COPY the same way.

/** Tables upserted by key instead of appended with COPY: their rows are decoded into objects. */
export const UPSERT_TABLES = new Set(['query_texts']);

export interface Envelope {
  server_id: string;
  collector_id: string;
  collected_at: number;
  interval_ms: number;
  sequence: number | bigint;
  agent_version: string;
  host: string;
  pg_version_num: number | null;
  in_recovery: boolean | null;
}

export interface TableRows {
  layout: TableLayout;
  rowCount: number;
  /** The decoded rows of an upsert table (query_texts); empty for COPY tables. */
  rows: Array<Record<string, unknown>>;
  /** COPY tables: the rows, still Avro, and what they are written with. */
  copy: { target: CopyTarget; source: CopySource } | undefined;
}

export interface DecodedBatch {
  /** The message as received, kept to dead-letter it unchanged if the database refuses its rows. */
  source: DeadLetterSource;
  topic: string;
  partition: number;
  offset: string;
  /** Kafka message timestamp (producer time), to measure when rows become visible. */
  producedAtMs: number;
  stream: string;
  envelope: Envelope;
  tables: TableRows[];
  rowCount: number;
}

interface TablePlan {
  layout: TableLayout;
  /** Undefined for upsert tables. */
  target: CopyTarget | undefined;
  /** The reader's array type of the field, to re-encode rows decoded by avsc. */
  arrayType: avro.Type;
}

interface FieldPlan {
  name: string;
  type: avro.Type;
  table: TablePlan | undefined;
}

interface StreamPlan {
  fields: FieldPlan[];
  tables: TablePlan[];
}

type RawField = { name: string; type: { items: { fields: Array<{ name: string; type: never }> } } };

function planOf(entry: SchemaEntry): StreamPlan {
  const layouts = new Map(tableLayouts(entry.raw).map((l) => [l.field, l]));
  const rawFields = new Map(((entry.raw.fields ?? []) as RawField[]).map((f) => [f.name, f]));
  const fields = (entry.type as avro.types.RecordType).fields.map((f): FieldPlan => {
    const layout = layouts.get(f.name);
    if (!layout) return { name: f.name, type: f.type, table: undefined };
    const row: RowOps | undefined = UPSERT_TABLES.has(layout.table)
      ? undefined
      : compileRowOps(rawFields.get(f.name)?.type.items.fields ?? []);
    return {
      name: f.name,
      type: f.type,
      table: { layout, target: row && { layout, row }, arrayType: f.type },
    };
  });
  return { fields, tables: fields.flatMap((f) => (f.table ? [f.table] : [])) };
}

interface ReadFields {
  values: Record<string, unknown>;
  /** Start and row count of each COPY table's array, by field name. */
  arrays: Map<string, { start: number; rows: number }>;
}

export class BatchDecoder {
  private readonly plans = new Map<string, StreamPlan>();

  constructor(
    private readonly registry: SchemaRegistry,
    private readonly topicPrefix: string,
  ) {}

  private plan(entry: SchemaEntry): StreamPlan {
    let p = this.plans.get(entry.name);
    if (!p) this.plans.set(entry.name, (p = planOf(entry)));
    return p;
  }

  decode(
    topic: string,
    partition: number,
    offset: string,
    producedAtMs: number,
    source: DeadLetterSource,
  ): DecodedBatch {
    const value = source.value;
    if (value === null || value.length === 0) {
      throw new PoisonMessageError(ErrorCodes.AVRO_BAD_MAGIC, 'empty message value (tombstone or null)');
    }
    const stream = streamOf(this.topicPrefix, topic);
    let entry = this.currentWriter(value, stream);
    let read = entry && this.readFast(value, this.plan(entry));
    let avroOf: (field: string) => Buffer = () => value;
    if (!entry || !read) {
      const decoded = decodeSingleObject(this.registry, value);
      entry = decoded.entry;
      if (entry.name !== stream) {
        throw new PoisonMessageError(
          ErrorCodes.ROWS_INVALID,
          `message written with schema ${entry.name} on topic ${topic}, which carries ${stream ?? 'another prefix'}`,
        );
      }
      const reencoded = reencode(this.plan(entry), decoded.value as Record<string, unknown>);
      read = reencoded.read;
      avroOf = (field) => reencoded.buffers.get(field) as Buffer;
    }
    const env = read.values.envelope as Envelope | undefined;
    if (
      !env ||
      typeof env.server_id !== 'string' ||
      env.server_id.length === 0 ||
      env.server_id.length > 200
    ) {
      throw new PoisonMessageError(
        ErrorCodes.ROWS_INVALID,
        'envelope.server_id is empty or longer than 200 characters',
      );
    }
    if (!(env.collected_at > 0)) {
      throw new PoisonMessageError(
        ErrorCodes.ROWS_INVALID,
        `envelope.collected_at is not a positive time: ${env.collected_at}`,
      );
    }
    const timeText = microsToTimestamp(env.collected_at);
    const tables: TableRows[] = [];
    let rowCount = 0;
    for (const t of this.plan(entry).tables) {
      const field = t.layout.field;
      if (t.target) {
        const array = read.arrays.get(field);
        if (!array || array.rows === 0) continue;
        const source: CopySource = {
          avro: avroOf(field),
          start: array.start,
          rows: array.rows,
          timeText,
          collectedAt: env.collected_at,
          serverId: env.server_id,
        };
        tables.push({ layout: t.layout, rowCount: array.rows, rows: [], copy: { target: t.target, source } });
        rowCount += array.rows;
      } else {
        const rows = (read.values[field] ?? []) as Array<Record<string, unknown>>;
        if (rows.length === 0) continue;
        tables.push({ layout: t.layout, rowCount: rows.length, rows, copy: undefined });
        rowCount += rows.length;
      }
    }
    return {
      source,
      topic,
      partition,
      offset,
      producedAtMs,
      stream: entry.name,
      envelope: env,
      tables,
      rowCount,
    };
  }

  /** The stream's current schema when the message was written with it, else undefined. */
  private currentWriter(value: Buffer, stream: string | undefined): SchemaEntry | undefined {
    if (value.length < SINGLE_OBJECT_HEADER_BYTES || value[0] !== 0xc3 || value[1] !== 0x01) return undefined;
    const plan = this.registry.planFor(value.readBigUInt64LE(2));
    if (!plan || plan.resolver !== undefined || plan.reader.name !== stream) return undefined;
    return plan.reader;
  }

  /** Reads the fields in writer order; undefined when anything is off (the avsc path then decides). */
  private readFast(value: Buffer, plan: StreamPlan): ReadFields | undefined {
    const read: ReadFields = { values: {}, arrays: new Map() };
    let pos = SINGLE_OBJECT_HEADER_BYTES;
    for (const f of plan.fields) {
      if (f.table?.target) {
        const rows = scanRows(value, pos, f.table.target.row);
        if (rows < 0) return undefined;
        read.arrays.set(f.name, { start: pos, rows });
        pos = scanned.end;
        continue;
      }
      let r: { value: unknown; offset: number };
      try {
        r = f.type.decode(value, pos);
      } catch {
        return undefined;
      }
      if (r.offset < 0) return undefined;
      read.values[f.name] = r.value;
      pos = r.offset;
    }
    return pos === value.length ? read : undefined;
  }
}

/** Rows decoded by avsc, encoded again with the current schema so that COPY reads them like any other. */
function reencode(
  plan: StreamPlan,
  value: Record<string, unknown>,
): { read: ReadFields; buffers: Map<string, Buffer> } {
  const read: ReadFields = { values: value, arrays: new Map() };
  const buffers = new Map<string, Buffer>();
  for (const t of plan.tables) {
    if (!t.target) continue;
    const field = t.layout.field;
    let buf: Buffer;
    try {
      buf = t.arrayType.toBuffer(value[field] ?? []);
    } catch (err) {
      throw new PoisonMessageError(
        ErrorCodes.ROWS_INVALID,
        `${field}: rows do not fit the current schema (${String(err)})`,
      );
    }
    const rows = scanRows(buf, 0, t.target.row);
    if (rows < 0)
      throw new PoisonMessageError(ErrorCodes.ROWS_INVALID, `${field}: rows cannot be written with COPY`);
    buffers.set(field, buf);
    read.arrays.set(field, { start: 0, rows });
  }
  return { read, buffers };
}
