import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc64Avro, crc64AvroBuffer } from '../../../services/lib/avro/crc64-avro.ts';
import { SPEC_VECTORS } from './avro-spec-vectors.ts';

test('fingerprints of the canonical forms match the Avro spec test vectors', () => {
  const withFp = SPEC_VECTORS.filter((v) => v.fingerprint !== undefined);
  assert.ok(withFp.length >= 20);
  for (const v of withFp) {
    assert.equal(BigInt.asIntN(64, crc64Avro(v.canonical)), v.fingerprint, `vector ${v.id}: ${v.canonical}`);
  }
});

test('"int" and "string" fingerprints', () => {
  assert.equal(BigInt.asIntN(64, crc64Avro('"int"')), 8247732601305521295n);
  assert.equal(BigInt.asIntN(64, crc64Avro('"string"')), -8142146995180207161n);
});

test('the empty input gives the EMPTY constant', () => {
  assert.equal(crc64Avro(''), 0xc15d213aa4d7a795n);
});

test('the buffer form is the fingerprint little-endian, and strings are hashed as UTF-8', () => {
  const fp = crc64Avro('"int"');
  const buf = crc64AvroBuffer('"int"');
  assert.equal(buf.length, 8);
  assert.equal(buf.readBigUInt64LE(0), fp);
  assert.equal(buf[0], Number(fp & 0xffn));
  assert.equal(crc64Avro('"é"'), crc64Avro(Buffer.from('"é"', 'utf8')));
});
