import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeSingleObject, encodeSingleObject, SchemaRegistry } from '../../services/lib/avro/index.ts';
import { SAMPLES, sampleStatementRow, sampleStatementsBatch } from '../../services/lib/avro/samples.ts';
import { isPgaError } from '../../services/lib/errors.ts';
import { INGEST_STREAMS } from '../../services/lib/kafka/topics.ts';
import { compileRowOps, scanRows } from '../../services/ingest/avro-rows.ts';
import type { CopyFormat } from '../../services/ingest/copy-format.ts';
import { copyChunks } from '../../services/ingest/copy-into.ts';
import { compileRowEncoder, microsToTimestamp } from '../../services/ingest/copy-text.ts';
import { BatchDecoder, type DecodedBatch } from '../../services/ingest/decode-message.ts';
import { tableLayouts } from '../../services/ingest/table-layout.ts';

// The COPY encoders read rows straight from the Avro bytes. The reference is the object path: avsc decodes
// the message and compileRowEncoder writes each row as text. Both must give the same bytes.

const PREFIX = 'pga';
const registry = SchemaRegistry.load();
const decoder = new BatchDecoder(registry, PREFIX);

function decode(stream: string, value: Record<string, unknown> | Buffer): DecodedBatch {
  const buf = Buffer.isBuffer(value) ? value : encodeSingleObject(registry.byName(stream), value);
  return decoder.decode(`${PREFIX}.${stream}`, 0, '0', 0, { key: null, value: buf, headers: undefined });
}

function copyText(batch: DecodedBatch, table: string, format: CopyFormat = 'text'): string {
  const t = batch.tables.find((x) => x.layout.table === table);
  assert.ok(t?.copy, `${table} is a COPY table of the batch`);
  return Buffer.concat([...copyChunks(t.copy.target, [t.copy.source], format)]).toString();
}

/** What the object path writes for every COPY table of a message. */
function reference(stream: string, buf: Buffer): Map<string, string> {
  const value = decodeSingleObject(registry, buf).value as Record<string, unknown> & {
    envelope: { server_id: string; collected_at: number };
  };
  const time = microsToTimestamp(value.envelope.collected_at);
  const out = new Map<string, string>();
  for (const layout of tableLayouts(registry.byName(stream).raw)) {
    if (layout.table === 'query_texts') continue;
    const enc = compileRowEncoder(layout);
    const rows = (value[layout.field] ?? []) as Array<Record<string, unknown>>;
    if (rows.length > 0)
      out.set(layout.table, rows.map((r) => enc(time, value.envelope.server_id, r)).join(''));
  }
  return out;
}

function assertSameAsReference(stream: string, buf: Buffer): void {
  const batch = decode(stream, buf);
  const expected = reference(stream, buf);
  assert.deepEqual(
    batch.tables
      .filter((t) => t.copy)
      .map((t) => t.layout.table)
      .sort(),
    [...expected.keys()].sort(),
  );
  for (const [table, text] of expected) assert.equal(copyText(batch, table), text, `${stream} → ${table}`);
}

test('every family: text from the Avro bytes equals the object path', () => {
  for (const stream of INGEST_STREAMS) {
    const sample = SAMPLES[stream];
    assert.ok(sample, stream);
    assertSameAsReference(stream, encodeSingleObject(registry.byName(stream), sample));
  }
});

test('edge values: 64-bit bounds, specials in strings, non-finite doubles, nulls', () => {
  const longs = [
    -(2n ** 63n),
    2n ** 63n - 1n,
    2n ** 53n,
    -(2n ** 53n),
    2n ** 53n - 1n,
    -(2n ** 53n) + 1n,
    2n ** 32n,
    -(2n ** 32n),
    2n ** 31n,
    -(2n ** 31n) - 1n,
    0n,
    -1n,
    1_000_000_000_000_000_000n,
    -9_999_999_999_999_999n,
  ];
  const doubles = [
    0,
    -0,
    0.1,
    1e21,
    1e-7,
    5e-324,
    1.7976931348623157e308,
    NaN,
    Infinity,
    -Infinity,
    123456789.125,
  ];
  const rows = longs.map((q, i) => ({
    ...sampleStatementRow(i),
    queryid: q,
    calls: i * 1_000_000_007,
    database_name: ['tab\there', 'new\nline\r\n', 'back\\slash', 'ünïcødé ✓ 🐘', ''][i % 5],
    user_name: `u${i}`,
    total_exec_time_ms: doubles[i % doubles.length],
    min_exec_time_ms: i % 2 ? null : doubles[(i + 3) % doubles.length],
    plans: i % 3 ? null : i,
    toplevel: [true, false, null][i % 3],
  }));
  const batch = { ...sampleStatementsBatch(1), rows };
  assertSameAsReference(
    'metrics.statements.v1',
    encodeSingleObject(registry.byName('metrics.statements.v1'), batch),
  );
});

test('a message from an older writer schema is read through avsc and written the same way', () => {
  const stream = 'metrics.statements.v1';
  const raw = structuredClone(registry.byName(stream).raw) as {
    fields: Array<{ name: string; type: { items: { fields: Array<{ name: string }> } } }>;
  };
  const rowsField = raw.fields.find((f) => f.name === 'rows');
  assert.ok(rowsField);
  rowsField.type.items.fields = rowsField.type.items.fields.filter((f) => f.name !== 'jit_functions');
  const local = SchemaRegistry.load();
  const writer = local.registerWriter(stream, raw as unknown as Record<string, unknown>);
  const old = sampleStatementsBatch(3);
  for (const r of old.rows as Array<Record<string, unknown>>) delete r.jit_functions;
  const buf = encodeSingleObject(writer, old);
  const batch = new BatchDecoder(local, PREFIX).decode(`${PREFIX}.${stream}`, 0, '0', 0, {
    key: null,
    value: buf,
    headers: undefined,
  });
  const lines = copyText(batch, 'statements').split('\n');
  assert.equal(lines.length, 4);
  const column = batch.tables[0]?.layout.columns.findIndex((c) => c.name === 'jit_functions') ?? -1;
  assert.ok(column > 2);
  assert.deepEqual(
    lines.slice(0, 3).map((l) => l.split('\t')[column]),
    ['\\N', '\\N', '\\N'],
  );
  assert.deepEqual(
    lines.slice(0, 3).map((l) => l.split('\t')[column - 1]),
    ['61440', '61440', '61440'],
  );
});

test('arrays written in several blocks with byte sizes (negative counts) are read', () => {
  const entry = registry.byName('metrics.statements.v1');
  const raw = entry.raw as { fields: Array<{ name: string; type: { items: { fields: never[] } } }> };
  const row = compileRowOps(raw.fields.find((f) => f.name === 'rows')?.type.items.fields ?? []);
  const itemType = (
    entry.type as unknown as {
      fields: Array<{ name: string; type: { itemsType: { toBuffer(v: unknown): Buffer } } }>;
    }
  ).fields.find((f) => f.name === 'rows')?.type.itemsType;
  assert.ok(itemType);
  const items = [0, 1, 2].map((i) => itemType.toBuffer(sampleStatementRow(i)));
  const zigzag = (n: number) => Buffer.from([n < 0 ? -2 * n - 1 : 2 * n]);
  const size = (items[0] as Buffer).length + (items[1] as Buffer).length;
  const sizeBytes = Buffer.from([((size * 2) & 0x7f) | 0x80, (size * 2) >> 7]);
  const array = Buffer.concat([
    zigzag(-2),
    sizeBytes,
    items[0] as Buffer,
    items[1] as Buffer,
    zigzag(1),
    items[2] as Buffer,
    zigzag(0),
  ]);
  assert.equal(scanRows(array, 0, row), 3);
  const layout = tableLayouts(entry.raw).find((l) => l.table === 'statements');
  assert.ok(layout);
  const text = Buffer.concat([
    ...copyChunks(
      { layout, row },
      [{ avro: array, start: 0, rows: 3, timeText: 'T', collectedAt: 1, serverId: 's' }],
      'text',
    ),
  ]).toString();
  const enc = compileRowEncoder(layout);
  assert.equal(text, [0, 1, 2].map((i) => enc('T', 's', sampleStatementRow(i))).join(''));
});

test('invalid UTF-8 takes the avsc path, which replaces it as before', () => {
  const stream = 'metrics.statements.v1';
  const buf = encodeSingleObject(registry.byName(stream), {
    ...sampleStatementsBatch(1),
    rows: [{ ...sampleStatementRow(0), user_name: 'ab' }],
  });
  const at = buf.indexOf('ab');
  buf[at] = 0xff;
  assertSameAsReference(stream, buf);
  assert.match(copyText(decode(stream, buf), 'statements'), /\ufffdb/);
});

test('a truncated or corrupt message is poison with the reason avsc gives', () => {
  const stream = 'metrics.statements.v1';
  const buf = encodeSingleObject(registry.byName(stream), sampleStatementsBatch(3));
  for (const bad of [buf.subarray(0, buf.length - 7), Buffer.concat([buf, Buffer.from([0])])]) {
    assert.throws(
      () => decode(stream, bad),
      (err: unknown) => isPgaError(err) && err.poison && err.code === 'AVRO_DECODE_FAILED',
    );
  }
});

test('binary COPY: header, one tuple per row with every column, trailer', () => {
  const batch = decode('metrics.statements.v1', SAMPLES['metrics.statements.v1'] as Record<string, unknown>);
  const t = batch.tables.find((x) => x.layout.table === 'statements');
  assert.ok(t?.copy);
  const out = Buffer.concat([...copyChunks(t.copy.target, [t.copy.source], 'binary')]);
  assert.equal(out.subarray(0, 11).toString('latin1'), 'PGCOPY\n\xff\r\n\0');
  let pos = 19;
  let tuples = 0;
  for (;;) {
    const n = out.readInt16BE(pos);
    pos += 2;
    if (n === -1) break;
    assert.equal(n, t.layout.columns.length);
    for (let c = 0; c < n; c++) {
      const len = out.readInt32BE(pos);
      pos += 4 + Math.max(len, 0);
    }
    tuples++;
  }
  assert.equal(tuples, t.rowCount);
  assert.equal(pos, out.length);
});
