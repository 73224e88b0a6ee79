import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadIngestConfig } from '../../services/ingest/config.ts';
import { ConfigError } from '../../services/lib/errors.ts';

test('defaults are valid', () => {
  const cfg = loadIngestConfig({});
  assert.equal(cfg.group, 'pga-ingest');
  assert.equal(cfg.stack.topicPrefix, 'pga');
  assert.ok(cfg.batchRows > 0);
});

test('a wrong value names the variable', () => {
  assert.throws(
    () => loadIngestConfig({ PGA_INGEST_BATCH_ROWS: 'lots' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /PGA_INGEST_BATCH_ROWS="lots"/);
      return true;
    },
  );
  assert.throws(() => loadIngestConfig({ PGA_DATABASE_URL: 'mysql://x' }), /PGA_DATABASE_URL/);
  assert.throws(() => loadIngestConfig({ PGA_INGEST_FETCH_BYTES: '100' }), /PGA_INGEST_FETCH_BYTES/);
  assert.throws(() => loadIngestConfig({ PGA_KAFKA_BROKERS: 'nohostport' }), /PGA_KAFKA_BROKERS/);
});

test('PGA_INGEST_COPY_FORMAT is binary or text', () => {
  assert.equal(loadIngestConfig({}).copyFormat, 'binary');
  assert.equal(loadIngestConfig({ PGA_INGEST_COPY_FORMAT: 'text' }).copyFormat, 'text');
  assert.throws(
    () => loadIngestConfig({ PGA_INGEST_COPY_FORMAT: 'csv' }),
    /PGA_INGEST_COPY_FORMAT="csv": expected binary or text/,
  );
});
