import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCodes, PgaError, PoisonMessageError } from '../../../services/lib/errors.ts';
import { decodeSingleObject, encodeSingleObject, SchemaRegistry } from '../../../services/lib/avro/index.ts';
import { toJsonValue } from '../../../services/lib/avro/json-value.ts';
import { SAMPLES, sampleStatementsBatch } from '../../../services/lib/avro/samples.ts';

const registry = SchemaRegistry.load();
const statements = registry.byName('metrics.statements.v1');

function poisonCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PoisonMessageError, `expected PoisonMessageError, got ${String(err)}`);
    assert.equal(err.poison, true);
    return err.code;
  }
  assert.fail('expected a throw');
}

test('every schema round-trips its sample value', () => {
  for (const entry of registry.all()) {
    const sample = SAMPLES[entry.name];
    assert.ok(sample, `sample for ${entry.name}`);
    const buf = encodeSingleObject(entry, sample);
    assert.equal(buf[0], 0xc3);
    assert.equal(buf[1], 0x01);
    assert.ok(buf.subarray(2, 10).equals(entry.fingerprint));
    const decoded = decodeSingleObject(registry, buf);
    assert.equal(decoded.entry, entry);
    assert.equal(decoded.writer, entry);
    assert.deepEqual(toJsonValue(decoded.value), toJsonValue(sample), entry.name);
  }
});

test('64-bit queryids are exact: bigint beyond 2^53, number otherwise', () => {
  const { value } = decodeSingleObject(
    registry,
    encodeSingleObject(statements, SAMPLES['metrics.statements.v1']),
  );
  const ids = value.rows.map((r: { queryid: unknown }) => r.queryid);
  assert.deepEqual(ids, [-8_765_432_109_876_543_210n, 4_417_521_234_567_890_123n, 1_234_567, -42]);
  assert.equal(typeof value.envelope.collected_at, 'number');
});

test('extreme longs survive a round trip', () => {
  const batch = sampleStatementsBatch(1);
  const rows = batch.rows as Array<Record<string, unknown>>;
  for (const q of [
    2n ** 63n - 1n,
    -(2n ** 63n),
    2n ** 53n,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    0,
  ]) {
    rows[0]!.queryid = q;
    const { value } = decodeSingleObject(registry, encodeSingleObject(statements, batch));
    assert.equal(value.rows[0].queryid, q);
  }
});

test('bad magic: empty, too short, or not C3 01', () => {
  const good = encodeSingleObject(statements, SAMPLES['metrics.statements.v1']);
  assert.equal(
    poisonCode(() => decodeSingleObject(registry, Buffer.alloc(0))),
    ErrorCodes.AVRO_BAD_MAGIC,
  );
  assert.equal(
    poisonCode(() => decodeSingleObject(registry, good.subarray(0, 9))),
    ErrorCodes.AVRO_BAD_MAGIC,
  );
  const wrong = Buffer.from(good);
  wrong[1] = 0x02;
  assert.equal(
    poisonCode(() => decodeSingleObject(registry, wrong)),
    ErrorCodes.AVRO_BAD_MAGIC,
  );
  assert.equal(
    poisonCode(() => decodeSingleObject(registry, Buffer.from('{"json":true}'))),
    ErrorCodes.AVRO_BAD_MAGIC,
  );
});

test('unknown fingerprint names the fingerprint in hex', () => {
  const buf = encodeSingleObject(statements, SAMPLES['metrics.statements.v1']);
  buf.writeBigUInt64LE(0x0123456789abcdefn, 2);
  try {
    decodeSingleObject(registry, buf);
    assert.fail('expected a throw');
  } catch (err) {
    assert.ok(err instanceof PoisonMessageError);
    assert.equal(err.code, ErrorCodes.AVRO_UNKNOWN_FINGERPRINT);
    assert.match(err.message, /efcdab8967452301/);
    assert.equal(err.details?.fingerprint, 'efcdab8967452301');
  }
});

test('decode failures: truncated, trailing bytes, invalid body, corrupt array count', () => {
  const good = encodeSingleObject(statements, SAMPLES['metrics.statements.v1']);
  for (const cut of [10, 11, 40, good.length - 1]) {
    assert.equal(
      poisonCode(() => decodeSingleObject(registry, good.subarray(0, cut))),
      ErrorCodes.AVRO_DECODE_FAILED,
      `cut ${cut}`,
    );
  }
  assert.equal(
    poisonCode(() => decodeSingleObject(registry, Buffer.concat([good, Buffer.from([0])]))),
    ErrorCodes.AVRO_DECODE_FAILED,
  );

  // The body of a batch starts with the envelope, whose last field is in_recovery: [index 1, false].
  type Fields = { fields: Array<{ type: { toBuffer(v: unknown): Buffer } }> };
  const envelopeType = (statements.type as unknown as Fields).fields[0]!.type;
  const envelope = envelopeType.toBuffer(sampleStatementsBatch(0).envelope);
  assert.deepEqual([...envelope.subarray(-2)], [0x02, 0x00]);
  const header = good.subarray(0, 10);
  const badUnion = Buffer.concat([header, envelope, Buffer.from([0x00, 0x00])]);
  assert.ok(decodeSingleObject(registry, badUnion)); // two empty arrays: valid
  badUnion[10 + envelope.length - 2] = 0x0a; // union branch 5 of ["null","boolean"]
  assert.equal(
    poisonCode(() => decodeSingleObject(registry, badUnion)),
    ErrorCodes.AVRO_DECODE_FAILED,
  );

  // An array block count of 2^31 rows after the envelope: refused at once, not looped over.
  const huge = Buffer.concat([header, envelope, Buffer.from([0x80, 0x80, 0x80, 0x80, 0x10])]);
  const started = Date.now();
  assert.equal(
    poisonCode(() => decodeSingleObject(registry, huge)),
    ErrorCodes.AVRO_DECODE_FAILED,
  );
  assert.ok(Date.now() - started < 1000);
});

test('encoding an invalid value is a programmer error naming the field, not poison', () => {
  const batch = sampleStatementsBatch(1);
  (batch.rows as Array<Record<string, unknown>>)[0]!.calls = 'many';
  assert.throws(
    () => encodeSingleObject(statements, batch),
    (err: unknown) =>
      err instanceof PgaError &&
      !err.poison &&
      err.code === ErrorCodes.ROWS_INVALID &&
      /rows\.0\.calls="many"/.test(err.message),
  );
});

test('a message from an older writer decodes into the current reader shape', () => {
  const current = {
    type: 'record',
    name: 'Thing',
    fields: [
      { name: 'id', type: 'long' },
      { name: 'note', type: ['null', 'string'], default: null },
    ],
  };
  const older = { type: 'record', name: 'Thing', fields: [{ name: 'id', type: 'long' }] };
  const r = SchemaRegistry.fromSchemas({ 'thing.v1': current });
  const writer = r.registerWriter('thing.v1', older);
  const decoded = decodeSingleObject(r, encodeSingleObject(writer, { id: 2n ** 60n }));
  assert.equal(decoded.entry, r.byName('thing.v1'));
  assert.equal(decoded.writer, writer);
  assert.deepEqual({ ...decoded.value }, { id: 2n ** 60n, note: null });
});

test('decode speed of a 500-row statements batch', () => {
  const buf = encodeSingleObject(statements, sampleStatementsBatch(500));
  for (let i = 0; i < 50; i++) decodeSingleObject(registry, buf); // warm-up
  const n = 200;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) decodeSingleObject(registry, buf);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rowsPerSecond = Math.round((n * 500) / seconds);
  console.log(
    `# decode: ${rowsPerSecond} rows/s (${((seconds / n) * 1000).toFixed(3)} ms per 500-row batch, ${buf.length} bytes)`,
  );
  assert.ok(rowsPerSecond > 100_000, `decode too slow: ${rowsPerSecond} rows/s`);
});
