import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdent } from '../lib/db/quote.ts';
import type { PoolClient } from '../lib/db/pool.ts';
import { longAsNumber, readLong, type RowOps } from './avro-rows.ts';
import { BINARY_HEADER, BINARY_TRAILER, binaryRowPrefix, compileBinaryRowEncoder } from './copy-binary.ts';
import { compileTextRowEncoder, textRowPrefix } from './copy-text.ts';
import type { CopyFormat } from './copy-format.ts';
import { ChunkWriter, copyBytes, type RowEncoder } from './copy-writer.ts';
import type { TableLayout } from './table-layout.ts';

// Streams rows into one table with COPY FROM STDIN. The rows are still Avro (checked when the message was
// decoded) and are encoded chunk by chunk as the stream pulls, so encoding here overlaps with PostgreSQL
// reading the previous chunks: on a small machine the two share the CPU instead of taking turns.

const CHUNK_BYTES = 256 * 1024;

/** One message's rows for one table: an encoded Avro array and the envelope values every row gets. */
export interface CopySource {
  avro: Buffer;
  /** Position of the array's first block in `avro`. */
  start: number;
  rows: number;
  timeText: string;
  collectedAt: number | bigint;
  serverId: string;
}

/** A table and the ops of its Avro row record (columns after `time` and `server_id`, same order). */
export interface CopyTarget {
  layout: TableLayout;
  row: RowOps;
}

const encoders = new WeakMap<RowOps, Record<CopyFormat, RowEncoder>>();

function encoderFor(row: RowOps, format: CopyFormat): RowEncoder {
  let e = encoders.get(row);
  if (!e) encoders.set(row, (e = { text: compileTextRowEncoder(row), binary: compileBinaryRowEncoder(row) }));
  return e[format];
}

export function* copyChunks(
  target: CopyTarget,
  sources: CopySource[],
  format: CopyFormat,
): Generator<Buffer> {
  const w = new ChunkWriter(CHUNK_BYTES);
  const encode = encoderFor(target.row, format);
  const binary = format === 'binary';
  if (binary) w.pos = copyBytes(BINARY_HEADER, 0, BINARY_HEADER.length, w.buf, 0);
  for (const s of sources) {
    const prefix = binary
      ? binaryRowPrefix(s.collectedAt, s.serverId)
      : textRowPrefix(s.timeText, s.serverId);
    const src = s.avro;
    let p = s.start;
    for (;;) {
      p = readLong(src, p);
      let count = longAsNumber();
      if (count === 0) break;
      if (count < 0) {
        count = -count;
        p = readLong(src, p); // block size in bytes
      }
      for (let i = 0; i < count; i++) {
        p = encode(w, src, p, prefix);
        if (w.full) yield w.take();
      }
    }
  }
  if (binary) {
    w.ensure(BINARY_TRAILER.length);
    w.pos = copyBytes(BINARY_TRAILER, 0, BINARY_TRAILER.length, w.buf, w.pos);
  }
  if (w.pos > 0) yield w.take();
}

export async function copyInto(
  client: PoolClient,
  target: CopyTarget,
  sources: CopySource[],
  format: CopyFormat,
): Promise<void> {
  const cols = target.layout.columns.map((c) => quoteIdent(c.name)).join(', ');
  const options = format === 'binary' ? ' (FORMAT binary)' : '';
  const sink = client.query(
    copyFrom(`COPY ${quoteIdent(target.layout.table)} (${cols}) FROM STDIN${options}`),
  );
  await pipeline(Readable.from(copyChunks(target, sources, format)), sink);
}
