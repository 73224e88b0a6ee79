import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ErrorCodes, PgaError } from '../../../services/lib/errors.ts';
import { canonicalForm, crc64Avro, parseType, SchemaRegistry } from '../../../services/lib/avro/index.ts';
import { EVENT_STREAMS, INGEST_STREAMS } from '../../../services/lib/kafka/topics.ts';
import { SPEC_VECTORS } from './avro-spec-vectors.ts';

const registry = SchemaRegistry.load();

test('loads one schema per topic stream', () => {
  assert.deepEqual(
    registry.all().map((e) => e.name),
    [...INGEST_STREAMS, ...EVENT_STREAMS].sort((a, b) => a.localeCompare(b)),
  );
});

test('canonical forms match the Avro spec vectors', () => {
  for (const v of SPEC_VECTORS) {
    if (v.id === '016') continue; // the empty union: avsc refuses it, and no schema of ours has one
    assert.equal(canonicalForm(parseType(JSON.parse(v.input))), v.canonical, `vector ${v.id}`);
  }
});

test('entries carry canonical form, fingerprint and tables', () => {
  const e = registry.byName('metrics.statements.v1');
  assert.equal(BigInt.asUintN(64, crc64Avro(e.canonical)), e.fingerprint.readBigUInt64LE(0));
  assert.equal(e.fingerprintHex, e.fingerprint.toString('hex'));
  assert.ok(
    !e.canonical.includes('doc') &&
      !e.canonical.includes('pga.table') &&
      !e.canonical.includes('logicalType'),
  );
  assert.ok(
    e.canonical.startsWith(
      '{"name":"io.pganalytics.metrics.v1.StatementsBatch","type":"record","fields":[{"name":"envelope"',
    ),
  );
  assert.deepEqual(
    e.tables.map((t) => [t.field, t.table]),
    [
      ['rows', 'statements'],
      ['info', 'statements_info'],
    ],
  );
  assert.deepEqual(e.tables[1]?.columns, [
    'dealloc',
    'stats_reset',
    'statements_seen',
    'statements_sent',
    'reset',
  ]);
  assert.equal((e.raw.fields as Array<Record<string, unknown>>)[1]?.['pga.table'], 'statements');
  assert.deepEqual(registry.byName('anomalies.v1').tables, []);
});

test('byName refuses an unknown name with the list of known ones', () => {
  assert.throws(
    () => registry.byName('metrics.nope.v1'),
    (err: unknown) =>
      err instanceof PgaError && /unknown schema "metrics.nope.v1".*metrics.statements.v1/.test(err.message),
  );
});

test('byFingerprint finds current schemas and returns undefined otherwise', () => {
  for (const e of registry.all()) assert.equal(registry.byFingerprint(e.fingerprint), e);
  assert.equal(registry.byFingerprint(Buffer.alloc(8)), undefined);
  assert.equal(registry.byFingerprint(Buffer.alloc(3)), undefined);
});

const v2 = {
  type: 'record',
  name: 'Thing',
  namespace: 't',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'label', type: ['null', 'string'], default: null },
  ],
};
const v1 = { type: 'record', name: 'Thing', namespace: 't', fields: [{ name: 'id', type: 'int' }] };

test('an older writer schema resolves into the current reader', () => {
  const r = SchemaRegistry.fromSchemas({ thing: v2 });
  const writer = r.registerWriter('thing', v1);
  assert.equal(r.byFingerprint(writer.fingerprint), writer);
  const plan = r.planFor(writer.fingerprint.readBigUInt64LE(0));
  assert.ok(plan?.resolver);
  assert.equal(plan.reader.name, 'thing');
  const value = plan.reader.type.fromBuffer(writer.type.toBuffer({ id: 7 }), plan.resolver);
  assert.deepEqual({ ...value }, { id: 7, label: null });
  // Registering the same writer twice is a no-op; the current schema as writer needs no resolver.
  assert.equal(r.registerWriter('thing', v1), writer);
  assert.equal(r.registerWriter('thing', v2), r.byName('thing'));
});

test('a writer the reader cannot resolve is refused at registration', () => {
  const r = SchemaRegistry.fromSchemas({ thing: v2 });
  const bad = { type: 'record', name: 'Thing', namespace: 't', fields: [{ name: 'other', type: 'string' }] };
  assert.throws(
    () => r.registerWriter('thing', bad),
    (err: unknown) =>
      err instanceof PgaError &&
      err.code === ErrorCodes.AVRO_SCHEMA_INVALID &&
      /cannot read writer/.test(err.message),
  );
  assert.throws(() => r.registerWriter('unknown', v1), /unknown schema/);
});

test('two streams with one canonical form are refused', () => {
  assert.throws(
    () => SchemaRegistry.fromSchemas({ a: v1, b: { ...v1, doc: 'same shape' } }),
    /same canonical form/,
  );
});

test('invalid schema files are reported with their path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pga-avro-'));
  writeFileSync(
    join(dir, 'broken.v1.avsc'),
    '{"type":"record","name":"x","fields":[{"name":"a","type":"nope"}]}',
  );
  assert.throws(
    () => SchemaRegistry.load(dir),
    (err: unknown) =>
      err instanceof PgaError &&
      err.code === ErrorCodes.AVRO_SCHEMA_INVALID &&
      err.message.includes('broken.v1.avsc'),
  );
  const empty = mkdtempSync(join(tmpdir(), 'pga-avro-'));
  assert.throws(() => SchemaRegistry.load(empty), /no .avsc files/);
});

test('load registers fixture schemas of a stream as older writers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pga-avro-'));
  writeFileSync(join(dir, 'thing.v1.avsc'), JSON.stringify(v2));
  mkdirSync(join(dir, 'fixtures', 'thing.v1'), { recursive: true });
  writeFileSync(join(dir, 'fixtures', 'thing.v1', 'v1.avsc'), JSON.stringify(v1));
  const r = SchemaRegistry.load(dir);
  assert.equal(r.all().length, 1);
  assert.equal(r.writers().length, 2);
});
