import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import { encodeSingleObject, SchemaRegistry } from '../../../services/lib/avro/index.ts';
import { SAMPLES, sampleStatementRow, sampleStatementsBatch } from '../../../services/lib/avro/samples.ts';
import { INGEST_STREAMS } from '../../../services/lib/kafka/topics.ts';
import { migrate } from '../../../services/migrate/migrate.ts';
import { copyFormatFor, type CopyFormat } from '../../../services/ingest/copy-format.ts';
import { copyInto } from '../../../services/ingest/copy-into.ts';
import { BatchDecoder } from '../../../services/ingest/decode-message.ts';
import { createScratchDatabase, type ScratchDatabase, type Session } from '../../support/scratch-database.ts';

// COPY BINARY and COPY text of the same messages leave the same rows in every table, and every table of a
// migrated database has the column types the binary encoder writes (so the ingest never falls back).

let db: ScratchDatabase;
let session: Session;
const registry = SchemaRegistry.load();
const decoder = new BatchDecoder(registry, 'pga');

before(async () => {
  db = await createScratchDatabase();
  session = await db.connect();
  await migrate(session.db, { mode: 'plain' });
});

after(async () => {
  await session?.close();
  await db?.drop();
});

function messages(): Array<{ stream: string; value: Record<string, unknown> }> {
  const out = INGEST_STREAMS.map((stream) => ({ stream, value: SAMPLES[stream] as Record<string, unknown> }));
  const longs = [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 0n, -1n, 2n ** 31n];
  const doubles = [0, 0.1, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, NaN, Infinity];
  const rows = longs.map((q, i) => ({
    ...sampleStatementRow(i),
    queryid: q,
    database_name: ['tab\there', 'new\nline\r\n', 'back\\slash', 'ünïcødé ✓ 🐘', ''][i % 5],
    total_exec_time_ms: doubles[i % doubles.length],
    min_exec_time_ms: i % 2 ? null : doubles[(i + 3) % doubles.length],
    plans: i % 3 ? null : i,
    toplevel: [true, false, null][i % 3],
  }));
  out.push({ stream: 'metrics.statements.v1', value: { ...sampleStatementsBatch(1), rows } });
  return out;
}

async function tableRows(client: pg.Client, table: string): Promise<string[]> {
  const res = await client.query<{ r: string }>(`SELECT to_jsonb(t)::text AS r FROM ${table} t`);
  return res.rows.map((x) => x.r).sort();
}

test('binary and text COPY store the same values in every table', async () => {
  const client = session.client as unknown as pg.PoolClient;
  let tables = 0;
  for (const { stream, value } of messages()) {
    const buf = encodeSingleObject(registry.byName(stream), value);
    const batch = decoder.decode(`pga.${stream}`, 0, '0', 0, { key: null, value: buf, headers: undefined });
    for (const t of batch.tables) {
      if (!t.copy) continue;
      tables++;
      assert.equal(
        await copyFormatFor(client, t.copy.target, 'binary'),
        'binary',
        `${t.layout.table} takes binary`,
      );
      const stored = new Map<CopyFormat, string[]>();
      for (const format of ['binary', 'text'] as const) {
        await session.client.query('BEGIN');
        await copyInto(client, t.copy.target, [t.copy.source], format);
        stored.set(format, await tableRows(session.client, t.layout.table));
        await session.client.query('ROLLBACK');
      }
      assert.equal(stored.get('binary')?.length, t.rowCount, `${stream} → ${t.layout.table}`);
      assert.deepEqual(stored.get('binary'), stored.get('text'), `${stream} → ${t.layout.table}`);
    }
  }
  assert.ok(tables >= 20, `${tables} tables compared`);
});
