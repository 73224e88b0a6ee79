import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdent } from '../lib/db/quote.ts';
import type { PoolClient } from '../lib/db/pool.ts';
import type { TableLayout } from './table-layout.ts';

const CHUNK_CHARS = 256 * 1024;

function* chunks(parts: string[][]): Generator<Buffer> {
  let buf = '';
  for (const lines of parts) {
    for (const line of lines) {
      buf += line;
      if (buf.length >= CHUNK_CHARS) {
        yield Buffer.from(buf);
        buf = '';
      }
    }
  }
  if (buf.length > 0) yield Buffer.from(buf);
}

/** Streams COPY text lines (already encoded) into one table. */
export async function copyInto(client: PoolClient, layout: TableLayout, parts: string[][]): Promise<void> {
  const cols = layout.columns.map((c) => quoteIdent(c.name)).join(', ');
  const sink = client.query(copyFrom(`COPY ${quoteIdent(layout.table)} (${cols}) FROM STDIN`));
  await pipeline(Readable.from(chunks(parts)), sink);
}
