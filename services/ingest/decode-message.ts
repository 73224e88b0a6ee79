import { decodeSingleObject, type SchemaRegistry } from '../lib/avro/index.ts';
import { ErrorCodes, PoisonMessageError } from '../lib/errors.ts';
import { streamOf } from '../lib/kafka/topics.ts';
import { compileRowEncoder, microsToTimestamp } from './copy-text.ts';
import type { DeadLetterSource } from './dead-letter.ts';
import { tableLayouts, type TableLayout } from './table-layout.ts';

// Turns one Kafka message into a batch ready for COPY, or throws PoisonMessageError (the reason the
// message goes to the dead-letter topic). Nothing here touches the database.

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
  /** COPY text lines, one per row. */
  lines: string[];
  /** The decoded rows (used for upserts such as query_texts). */
  rows: Array<Record<string, unknown>>;
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

interface StreamPlan {
  layouts: Array<{ layout: TableLayout; encode: ReturnType<typeof compileRowEncoder> }>;
}

export class BatchDecoder {
  private readonly plans = new Map<string, StreamPlan>();

  constructor(
    private readonly registry: SchemaRegistry,
    private readonly topicPrefix: string,
  ) {}

  private plan(stream: string, raw: Record<string, unknown>): StreamPlan {
    let p = this.plans.get(stream);
    if (!p) {
      p = { layouts: tableLayouts(raw).map((layout) => ({ layout, encode: compileRowEncoder(layout) })) };
      this.plans.set(stream, p);
    }
    return p;
  }

  decode(topic: string, partition: number, offset: string, producedAtMs: number, source: DeadLetterSource): DecodedBatch {
    const value = source.value;
    if (value === null || value.length === 0) {
      throw new PoisonMessageError(ErrorCodes.AVRO_BAD_MAGIC, 'empty message value (tombstone or null)');
    }
    const stream = streamOf(this.topicPrefix, topic);
    const { entry, value: decoded } = decodeSingleObject(this.registry, value);
    if (entry.name !== stream) {
      throw new PoisonMessageError(
        ErrorCodes.ROWS_INVALID,
        `message written with schema ${entry.name} on topic ${topic}, which carries ${stream ?? 'another prefix'}`,
      );
    }
    const batch = decoded as Record<string, unknown> & { envelope: Envelope };
    const env = batch.envelope;
    if (!env || typeof env.server_id !== 'string' || env.server_id.length === 0 || env.server_id.length > 200) {
      throw new PoisonMessageError(ErrorCodes.ROWS_INVALID, 'envelope.server_id is empty or longer than 200 characters');
    }
    if (!(env.collected_at > 0)) {
      throw new PoisonMessageError(ErrorCodes.ROWS_INVALID, `envelope.collected_at is not a positive time: ${env.collected_at}`);
    }
    const timeText = microsToTimestamp(env.collected_at);
    const tables: TableRows[] = [];
    let rowCount = 0;
    for (const { layout, encode } of this.plan(entry.name, entry.raw).layouts) {
      const rows = (batch[layout.field] ?? []) as Array<Record<string, unknown>>;
      if (rows.length === 0) continue;
      const lines = new Array<string>(rows.length);
      for (let i = 0; i < rows.length; i++) lines[i] = encode(timeText, env.server_id, rows[i] as Record<string, unknown>);
      tables.push({ layout, lines, rows });
      rowCount += rows.length;
    }
    return { source, topic, partition, offset, producedAtMs, stream: entry.name, envelope: env, tables, rowCount };
  }
}
