import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type avro from 'avsc';
import {
  DEFAULT_SCHEMA_DIR,
  decodeSingleObject,
  parseSchema,
  SchemaRegistry,
} from '../../services/lib/avro/index.ts';
import { toJsonValue } from '../../services/lib/avro/json-value.ts';

// The backward-compatibility proof: every committed fixture (schemas/fixtures/<name>/v<k>.*) decodes with
// the CURRENT reader schema, its frozen writer schema found by fingerprint, into its expected value.
// Fields added since the fixture was written must come out as their defaults. This test only reads fixtures;
// they are written once by services/lib/avro/write-fixtures.ts.

const FIXTURES = join(DEFAULT_SCHEMA_DIR, 'fixtures');
const registry = SchemaRegistry.load();

interface AvscType {
  typeName: string;
  fields?: Array<{ name: string; type: AvscType; defaultValue(): unknown }>;
  itemsType?: AvscType;
  types?: AvscType[];
}

/** Compares a decoded value with the expected JSON, walking the reader type. */
function assertMatches(type: AvscType, actual: unknown, expected: unknown, path: string): void {
  if (type.types) {
    if (expected === null) return assert.equal(actual, null, path);
    const branch = type.types.find((t) => t.typeName !== 'null');
    return assertMatches(branch!, actual, expected, path);
  }
  if (type.fields) {
    const exp = expected as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    const known = new Set(type.fields.map((f) => f.name));
    for (const key of Object.keys(exp))
      assert.ok(known.has(key), `${path}.${key}: field removed from the reader schema`);
    for (const f of type.fields) {
      if (f.name in exp) assertMatches(f.type, act[f.name], exp[f.name], `${path}.${f.name}`);
      else
        assert.deepEqual(
          toJsonValue(act[f.name]),
          toJsonValue(f.defaultValue()),
          `${path}.${f.name}: added field must read as its default`,
        );
    }
    return;
  }
  if (type.itemsType) {
    assert.ok(Array.isArray(actual) && Array.isArray(expected), path);
    assert.equal(actual.length, expected.length, `${path}: length`);
    actual.forEach((a, i) => assertMatches(type.itemsType!, a, expected[i], `${path}[${i}]`));
    return;
  }
  assert.deepEqual(toJsonValue(actual), expected, path);
}

test('every current schema has a committed fixture of its exact version', () => {
  for (const entry of registry.all()) {
    const dir = join(FIXTURES, entry.name);
    assert.ok(
      existsSync(dir),
      `no fixtures for ${entry.name}: run npx tsx services/lib/avro/write-fixtures.ts`,
    );
    const versions = readdirSync(dir).filter((f) => f.endsWith('.avsc'));
    const fingerprints = versions.map(
      (f) => parseSchema(JSON.parse(readFileSync(join(dir, f), 'utf8'))).fingerprintHex,
    );
    assert.ok(
      fingerprints.includes(entry.fingerprintHex),
      `${entry.name} changed (fingerprint ${entry.fingerprintHex}) without a new fixture version: bump FIXTURE_VERSION and write fixtures`,
    );
  }
});

test('every committed fixture decodes with the current reader schema', () => {
  let count = 0;
  for (const name of readdirSync(FIXTURES).sort()) {
    const reader = registry.byName(name);
    const dir = join(FIXTURES, name);
    for (const bin of readdirSync(dir)
      .filter((f) => f.endsWith('.bin'))
      .sort()) {
      const base = bin.slice(0, -'.bin'.length);
      const where = `${name}/${base}`;
      const frozen = parseSchema(JSON.parse(readFileSync(join(dir, `${base}.avsc`), 'utf8')));
      const buf = readFileSync(join(dir, bin));
      assert.ok(
        buf.subarray(2, 10).equals(frozen.fingerprint),
        `${where}: .bin was not written with its .avsc`,
      );
      const decoded = decodeSingleObject(registry, buf);
      assert.equal(decoded.entry, reader, where);
      assert.equal(decoded.writer.fingerprintHex, frozen.fingerprintHex, where);
      const expected: unknown = JSON.parse(readFileSync(join(dir, `${base}.json`), 'utf8'));
      assertMatches(reader.type as unknown as AvscType & avro.Type, decoded.value, expected, where);
      count++;
    }
  }
  assert.ok(count >= registry.all().length, `only ${count} fixtures`);
});
