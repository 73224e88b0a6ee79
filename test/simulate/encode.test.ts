import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSingleObject, encodeSingleObject, SchemaRegistry } from '../../services/lib/avro/index.ts';
import { collect, normalise, smallFleet } from './helpers.ts';

// Every value the simulator generates must be what the agent would send: valid for its stream's schema,
// and read back unchanged.

describe('generated batches against the schemas', () => {
  const registry = SchemaRegistry.load();
  // 18 servers cover PostgreSQL 13 to 18, primaries and standbys; resets and evictions happen.
  const batches = collect(
    smallFleet({
      servers: 18,
      statements: 40,
      intervals: 4,
      resetProbability: 0.3,
      evictionProbability: 0.5,
      tablesPerServer: 6,
    }),
  );

  it('covers every PostgreSQL major version the schemas describe and every family', () => {
    const versions = new Set(batches.map((b) => Math.floor((b.value.envelope.pg_version_num ?? 0) / 10000)));
    for (const v of [13, 14, 15, 16, 17, 18]) assert.ok(versions.has(v), `no server on PostgreSQL ${v}`);
    const families = new Set(batches.map((b) => b.family));
    assert.equal(families.size, 11);
  });

  it('encodes every value with its schema (single-object) and decodes it back equal', () => {
    for (const b of batches) {
      const entry = registry.byName(b.stream);
      const buf = encodeSingleObject(entry, b.value);
      assert.deepEqual(buf.subarray(0, 2), Buffer.from([0xc3, 0x01]));
      const decoded = decodeSingleObject(registry, buf);
      assert.equal(decoded.entry.name, b.stream);
      assert.deepEqual(normalise(decoded.value), normalise(b.value), `${b.stream} of ${b.key}`);
    }
  });

  it('fills exactly the array fields the schema maps to tables, with rows of the table columns', () => {
    for (const b of batches) {
      const entry = registry.byName(b.stream);
      assert.deepEqual(Object.keys(b.rowCounts).sort(), entry.tables.map((t) => t.field).sort(), b.stream);
      for (const t of entry.tables) {
        for (const row of b.value[t.field] as Array<Record<string, unknown>>) {
          assert.deepEqual(Object.keys(row), t.columns, `${b.stream}.${t.field}`);
        }
      }
    }
  });

  it('keeps queryids beyond 2^53 exact through the codec', () => {
    const big = batches
      .filter((b) => b.family === 'statements')
      .flatMap((b) => (b.value.rows as Array<{ queryid: bigint }>).map((r) => r.queryid))
      .find((q) => q > 2n ** 53n || q < -(2n ** 53n));
    assert.ok(big !== undefined);
  });
});
