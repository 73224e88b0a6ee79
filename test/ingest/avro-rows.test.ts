import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compileRowOps,
  long,
  longAsNumber,
  readLong,
  scanned,
  scanRows,
} from '../../services/ingest/avro-rows.ts';

// The row check of the fast decode path: it must accept what avsc writes and refuse anything else, so that
// odd messages go to avsc, which reads them or names why they are poison.

const row = compileRowOps([
  { name: 'id', type: 'long' },
  { name: 'n', type: 'int' },
  { name: 'ok', type: 'boolean' },
  { name: 'name', type: ['null', 'string'] },
  { name: 'x', type: 'double' },
]);

/** One block of rows, each given as its raw bytes, ended by a zero count. */
const array = (...rows: number[][]) => Buffer.from([rows.length * 2, ...rows.flat(), 0]);
const double = [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]; // 1.0
const good = [0x02, 0x04, 1, 0x02, 0x02, 0x61, ...double]; // id 1, n 2, ok true, name "a", x 1.0

test('a valid array: row count and end position', () => {
  const buf = array(good, good);
  assert.equal(scanRows(buf, 0, row), 2);
  assert.equal(scanned.end, buf.length);
  assert.equal(scanRows(Buffer.from([0]), 0, row), 0);
});

test('refuses what avsc should judge', () => {
  const cases: Array<[string, number[]]> = [
    ['union branch 2', [0x02, 0x04, 1, 0x04, 0x02, 0x61, ...double]],
    ['boolean 2', [0x02, 0x04, 2, 0x00, ...double]],
    ['string past the end', [0x02, 0x04, 1, 0x02, 0x7e, 0x61, ...double]],
    ['negative string length', [0x02, 0x04, 1, 0x02, 0x01, ...double]],
    ['int over 32 bits', [0x02, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 0x00, ...double]],
    [
      'long over 10 bytes',
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x04, 1, 0x00, ...double],
    ],
    ['invalid UTF-8', [0x02, 0x04, 1, 0x02, 0x02, 0xff, ...double]],
    ['truncated double', [0x02, 0x04, 1, 0x00, 0, 0, 0]],
  ];
  for (const [what, bytes] of cases) assert.equal(scanRows(array(bytes), 0, row), -1, what);
  assert.equal(scanRows(Buffer.from([0x7e, ...good, 0]), 0, row), -1, 'count larger than the bytes left');
  assert.equal(scanRows(array(good).subarray(0, 5), 0, row), -1, 'no end of array');
});

test('readLong: zigzag 64-bit values as two halves', () => {
  const cases: Array<[number[], bigint]> = [
    [[0x00], 0n],
    [[0x01], -1n],
    [[0x02], 1n],
    [[0xfe, 0xff, 0xff, 0xff, 0x0f], 2147483647n],
    [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], -(2n ** 63n)],
    [[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 2n ** 63n - 1n],
  ];
  for (const [bytes, expected] of cases) {
    assert.equal(readLong(Buffer.from(bytes), 0), bytes.length);
    assert.equal(BigInt.asIntN(64, (BigInt(long.hi) << 32n) | BigInt(long.lo)), expected);
    const n = longAsNumber();
    assert.ok(Number.isNaN(n) ? expected > 2n ** 53n || expected < -(2n ** 53n) : BigInt(n) === expected);
  }
});
