import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { quoteIdent } from '../lib/db/quote.ts';
import { createBenchDatabase, queryBench, type BenchDatabase } from './bench-database.ts';
import { fmtInt, rate, type Progress } from './progress.ts';
import { psqlCopyFrom } from './psql.ts';

// The reference: exactly the rows the pipeline wrote, exported as COPY text, then loaded by `psql \copy` into
// an identical empty table (a second database migrated the same way: same indexes, same partitions).

export interface RawCopyResult {
  db: BenchDatabase;
  rows: number;
  seconds: number;
}

/** Exports the statement rows of servers `<serverPrefix>-*` to `file` in COPY text format. */
export async function exportStatements(
  url: string,
  columns: string[],
  serverPrefix: string,
  file: string,
): Promise<number> {
  const client = new pg.Client({ connectionString: url, application_name: 'pga-bench' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const cols = columns.map(quoteIdent).join(', ');
    // The prefix is the bench's own constant, checked here because it is part of the statement text.
    if (!/^[a-z]+$/.test(serverPrefix)) throw new Error(`unexpected server prefix ${serverPrefix}`);
    const source = client.query(
      copyTo(`COPY (SELECT ${cols} FROM statements WHERE server_id LIKE '${serverPrefix}-%') TO STDOUT`),
    );
    await pipeline(source, createWriteStream(file));
    return source.rowCount;
  } finally {
    await client.end();
  }
}

export async function runRawCopyPhase(opts: {
  serverUrl: string;
  pipelineUrl: string;
  columns: string[];
  serverPrefix: string;
  rows: number;
  dir: string;
  progress: Progress;
  onDatabase: (db: BenchDatabase) => void;
  signal: AbortSignal;
}): Promise<RawCopyResult> {
  const file = path.join(opts.dir, 'statements.copy');
  const exported = await exportStatements(opts.pipelineUrl, opts.columns, opts.serverPrefix, file);
  if (exported !== opts.rows) {
    throw new Error(
      `exported ${exported} statement rows from the pipeline's database, expected ${opts.rows}`,
    );
  }
  opts.progress(`raw copy  exported ${fmtInt(exported)} rows; vacuuming the pipeline's database first`);
  // Autovacuum of the 2 million fresh rows would otherwise run during the timed COPY and share its CPU.
  await queryBench(opts.pipelineUrl, 'VACUUM (ANALYZE) statements');
  const db = await createBenchDatabase(opts.serverUrl, 'raw');
  opts.onDatabase(db);
  await queryBench(db.url, 'CHECKPOINT').catch(() => undefined);
  opts.progress(`raw copy  psql \\copy of ${fmtInt(exported)} rows into an identical empty table`);
  const started = performance.now();
  opts.signal.throwIfAborted();
  const copied = await psqlCopyFrom(db.url, 'statements', opts.columns.map(quoteIdent), file, opts.signal);
  const seconds = (performance.now() - started) / 1000;
  if (copied !== opts.rows) throw new Error(`psql copied ${copied} rows, expected ${opts.rows}`);
  opts.progress(
    `raw copy  ${fmtInt(copied)} rows in ${seconds.toFixed(1)} s, ${fmtInt(rate(copied, seconds))} rows/s`,
  );
  return { db, rows: copied, seconds };
}
