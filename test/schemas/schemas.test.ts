import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SCHEMA_DIR, parseSchema } from '../../services/lib/avro/index.ts';
import { EVENT_STREAMS, INGEST_STREAMS } from '../../services/lib/kafka/topics.ts';

// The rules of schemas/README.md, checked on every .avsc file.

type Json = Record<string, unknown>;
interface Field extends Json {
  name: string;
  type: unknown;
  doc?: string;
}

const files = readdirSync(DEFAULT_SCHEMA_DIR)
  .filter((f) => f.endsWith('.avsc'))
  .sort();
const schemas = new Map<string, Json>(
  files.map((f) => [
    f.slice(0, -'.avsc'.length),
    JSON.parse(readFileSync(join(DEFAULT_SCHEMA_DIR, f), 'utf8')) as Json,
  ]),
);
const batches = [...schemas].filter(([name]) => !(EVENT_STREAMS as readonly string[]).includes(name));

const PRIMITIVES = new Set(['long', 'int', 'double', 'boolean', 'string']);
const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

const ENVELOPE_FIELDS: Array<[string, unknown]> = [
  ['server_id', 'string'],
  ['collector_id', 'string'],
  ['collected_at', { type: 'long', logicalType: 'timestamp-micros' }],
  ['interval_ms', 'long'],
  ['sequence', 'long'],
  ['agent_version', 'string'],
  ['host', 'string'],
  ['pg_version_num', ['null', 'int']],
  ['in_recovery', ['null', 'boolean']],
];

/** Checks a flat-record field type; returns a problem or undefined. */
function flatProblem(f: Field): string | undefined {
  let t = f.type;
  if (Array.isArray(t)) {
    if (t.length !== 2 || t[0] !== 'null') return 'unions must be ["null", T]';
    if (!('default' in f) || f.default !== null) return 'nullable fields need "default": null';
    t = t[1];
  }
  if (typeof t === 'string') return PRIMITIVES.has(t) ? undefined : `type ${t} is not a flat primitive`;
  if (
    typeof t === 'object' &&
    t !== null &&
    (t as Json).type === 'long' &&
    (t as Json).logicalType === 'timestamp-micros'
  ) {
    return Object.keys(t).length === 2 ? undefined : 'timestamp type has extra attributes';
  }
  return `type ${JSON.stringify(t)} is not flat`;
}

function walkRecords(schema: unknown, visit: (record: Json) => void): void {
  if (Array.isArray(schema)) return schema.forEach((s) => walkRecords(s, visit));
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as Json;
  if (s.type === 'record') {
    visit(s);
    for (const f of s.fields as Field[]) walkRecords(f.type, visit);
  } else if (s.type === 'array') walkRecords(s.items, visit);
}

test('one schema file per topic stream, each parses', () => {
  assert.deepEqual(
    [...schemas.keys()],
    [...INGEST_STREAMS, ...EVENT_STREAMS].sort((a, b) => a.localeCompare(b)),
  );
  for (const [name, raw] of schemas) assert.doesNotThrow(() => parseSchema(raw, name), name);
});

test('every record and every field has a non-empty doc', () => {
  for (const [name, raw] of schemas) {
    walkRecords(raw, (record) => {
      assert.ok(
        typeof record.doc === 'string' && record.doc.trim(),
        `${name}: record ${String(record.name)} has no doc`,
      );
      for (const f of record.fields as Field[]) {
        assert.ok(
          typeof f.doc === 'string' && f.doc.trim(),
          `${name}: field ${String(record.name)}.${f.name} has no doc`,
        );
      }
    });
  }
});

test('record names match the file names', () => {
  for (const [name, raw] of schemas) {
    const metric = /^metrics\.([a-z]+)\.v(\d+)$/.exec(name);
    const log = /^logs\.v(\d+)$/.exec(name);
    if (metric) {
      assert.equal(raw.namespace, `io.pganalytics.metrics.v${metric[2]}`, name);
      assert.equal(String(raw.name).toLowerCase(), `${metric[1]}batch`, name);
    } else if (log) {
      assert.equal(raw.namespace, `io.pganalytics.logs.v${log[1]}`, name);
      assert.equal(raw.name, 'LogsBatch', name);
    } else {
      assert.equal(raw.namespace, 'io.pganalytics.events.v1', name);
      assert.equal(
        raw.name,
        { 'anomalies.v1': 'Anomaly', 'recommendations.v1': 'Recommendation' }[name],
        name,
      );
    }
  }
});

test('every batch starts with the identical io.pganalytics.Envelope', () => {
  const first = (batches[0]![1].fields as Field[])[0]!;
  for (const [name, raw] of batches) {
    const env = (raw.fields as Field[])[0]!;
    assert.equal(env.name, 'envelope', name);
    assert.deepEqual(env, first, `${name}: envelope differs`);
    const type = env.type as Json;
    assert.equal(type.name, 'Envelope');
    assert.equal(type.namespace, 'io.pganalytics');
    assert.deepEqual(
      (type.fields as Field[]).map((f) => [f.name, f.type]),
      ENVELOPE_FIELDS,
    );
    for (const f of type.fields as Field[])
      if (Array.isArray(f.type)) assert.equal(f.default, null, `envelope.${f.name}`);
  }
});

test('batch fields after the envelope are arrays of flat rows with a pga.table', () => {
  const tables = new Map<string, string>();
  for (const [name, raw] of batches) {
    const fields = (raw.fields as Field[]).slice(1);
    assert.ok(fields.length > 0, `${name} has no row arrays`);
    for (const f of fields) {
      const where = `${name}.${f.name}`;
      const table = f['pga.table'];
      assert.ok(typeof table === 'string' && SNAKE.test(table), `${where}: pga.table`);
      assert.ok(!tables.has(table), `${where}: table ${table} already used by ${tables.get(table)}`);
      tables.set(table, where);
      const arr = f.type as Json;
      assert.equal(arr.type, 'array', where);
      const row = arr.items as Json;
      assert.equal(row.type, 'record', where);
      const rowFields = row.fields as Field[];
      assert.ok(rowFields.length > 0, `${where}: empty row`);
      const names = new Set<string>();
      for (const rf of rowFields) {
        const at = `${where}.${rf.name}`;
        assert.ok(SNAKE.test(rf.name), `${at}: not snake_case`);
        assert.ok(rf.name !== 'time' && rf.name !== 'server_id', `${at}: reserved column name`);
        assert.ok(!names.has(rf.name), `${at}: duplicate`);
        names.add(rf.name);
        assert.equal(flatProblem(rf), undefined, at);
        if (rf.name === 'reset') assert.equal(rf.type, 'boolean', at);
      }
    }
  }
});

test('event schemas have no pga.table and only flat nested arrays', () => {
  for (const name of EVENT_STREAMS) {
    const raw = schemas.get(name)!;
    for (const f of raw.fields as Field[]) {
      assert.equal(f['pga.table'], undefined, `${name}.${f.name}`);
      const arr = f.type as Json;
      if (typeof arr === 'object' && !Array.isArray(arr) && arr.type === 'array') {
        for (const rf of (arr.items as Json).fields as Field[])
          assert.equal(flatProblem(rf), undefined, `${name}.${f.name}.${rf.name}`);
      } else {
        assert.equal(flatProblem(f), undefined, `${name}.${f.name}`);
      }
    }
  }
});
