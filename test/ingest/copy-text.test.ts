import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRowEncoder, escapeText, microsToTimestamp } from '../../services/ingest/copy-text.ts';
import type { TableLayout } from '../../services/ingest/table-layout.ts';

test('escapeText escapes the characters COPY text treats specially', () => {
  assert.equal(escapeText('plain'), 'plain');
  assert.equal(escapeText('a\tb\nc\rd\\e'), 'a\\tb\\nc\\rd\\\\e');
});

test('microsToTimestamp keeps microseconds and is UTC', () => {
  assert.equal(microsToTimestamp(1_700_000_000_123_456), '2023-11-14T22:13:20.123456+00');
  assert.equal(microsToTimestamp(1_700_000_000_000_001n), '2023-11-14T22:13:20.000001+00');
  assert.equal(microsToTimestamp(-1), '1969-12-31T23:59:59.999999+00');
});

test('compiled row encoder writes columns in layout order with \\N for null', () => {
  const layout: TableLayout = {
    field: 'rows',
    table: 't',
    columns: [
      { name: 'time', kind: 'timestamp', nullable: false },
      { name: 'server_id', kind: 'string', nullable: false },
      { name: 'queryid', kind: 'number', nullable: false },
      { name: 'toplevel', kind: 'boolean', nullable: true },
      { name: 'name', kind: 'string', nullable: true },
      { name: 'seen', kind: 'timestamp', nullable: true },
    ],
  };
  const enc = compileRowEncoder(layout);
  const line = enc('T', 'srv\t1', { queryid: -9223372036854775808n, toplevel: null, name: 'x\ny', seen: 0 });
  assert.equal(line, 'T\tsrv\\t1\t-9223372036854775808\t\\N\tx\\ny\t1970-01-01T00:00:00.000000+00\n');
});
