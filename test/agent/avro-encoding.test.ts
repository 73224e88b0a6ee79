import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeSingleObject, SchemaRegistry } from '../../services/lib/avro/index.ts';
import { toJsonValue } from '../../services/lib/avro/json-value.ts';
import { agentBinary } from '../../services/lib/agent-binary.ts';

// The agent's Avro encoding checked by the TypeScript codec: the agent's unit-test binary writes one batch
// per schema (every field of every array set, nulls, longs beyond 2^53, non-ASCII strings) with the values
// it set beside it; each .bin must decode, by fingerprint, to exactly those values.

const registry = SchemaRegistry.load();
const dir = mkdtempSync(join(tmpdir(), 'pga-avro-samples-'));
after(() => rmSync(dir, { recursive: true, force: true }));

execFileSync(agentBinary('pga-agent-tests'), ['--gtest_filter=AvroSamples.WriteEveryFamily'], {
  env: { ...process.env, PGA_AVRO_SAMPLES_DIR: dir },
  stdio: ['ignore', 'pipe', 'pipe'],
});

type Json = Record<string, unknown>;

function isLong(type: unknown): boolean {
  if (type === 'long') return true;
  if (Array.isArray(type)) return type.some(isLong);
  return typeof type === 'object' && type !== null && (type as Json).type === 'long';
}

/** Long fields as decimal strings, as the agent wrote them (JSON numbers cannot hold every long). */
function longsAsStrings(fields: Array<{ name: string; type: unknown }>, value: Json): Json {
  const out: Json = { ...value };
  for (const f of fields) {
    const v = out[f.name];
    if (isLong(f.type) && v !== null && v !== undefined) out[f.name] = String(v);
  }
  return out;
}

const batches = registry.all().filter((entry) => entry.tables.length > 0);

test('the agent writes a sample of every batch schema', () => {
  assert.equal(batches.length, 11);
});

for (const entry of batches) {
  test(`${entry.name}: the agent's encoding decodes to the values it set`, () => {
    const buf = readFileSync(join(dir, `${entry.name}.bin`));
    const expected = JSON.parse(readFileSync(join(dir, `${entry.name}.json`), 'utf8')) as Json;
    const decoded = decodeSingleObject(registry, buf);
    assert.equal(decoded.writer.name, entry.name);
    assert.equal(decoded.writer.fingerprintHex, entry.fingerprintHex);

    const plain = toJsonValue(decoded.value) as Json;
    const fields = (entry.raw.fields as Array<{ name: string; type: Json }>) ?? [];
    const envelopeFields = (fields[0]!.type.fields as Array<{ name: string; type: unknown }>) ?? [];
    const actual: Json = { envelope: longsAsStrings(envelopeFields, plain.envelope as Json) };
    for (const f of fields.slice(1)) {
      const rowFields = ((f.type.items as Json).fields as Array<{ name: string; type: unknown }>) ?? [];
      actual[f.name] = (plain[f.name] as Json[]).map((row) => longsAsStrings(rowFields, row));
    }
    assert.deepEqual(actual, expected);
    for (const table of entry.tables) {
      assert.equal((actual[table.field] as Json[]).length, 2, `${entry.name}.${table.field}: two rows`);
    }
  });
}

test('the agent computes the same fingerprint as the TypeScript codec for every schema', () => {
  const described = JSON.parse(readFileSync(join(dir, 'schemas.json'), 'utf8')) as Array<{
    name: string;
    fingerprint: string;
    arrays: Array<{ name: string; table: string }>;
  }>;
  assert.deepEqual(
    described.map((s) => [s.name, s.fingerprint]),
    registry.all().map((e) => [e.name, e.fingerprintHex]),
  );
  for (const s of described) {
    assert.deepEqual(
      s.arrays,
      registry.byName(s.name).tables.map((t) => ({ name: t.field, table: t.table })),
      s.name,
    );
  }
});
