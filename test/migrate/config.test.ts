import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../services/lib/errors.ts';
import { loadMigrateConfig } from '../../services/migrate/config.ts';

test('defaults: auto mode, retention 14 / 90 / 730 days', () => {
  const cfg = loadMigrateConfig({});
  assert.equal(cfg.mode, 'auto');
  assert.deepEqual(cfg.retention, { raw: 14, hourly: 90, daily: 730 });
  assert.equal(cfg.databaseUrl, 'postgres://pga@127.0.0.1:5433/pga');
  assert.equal(cfg.partitionsAheadDays, 3);
});

test('variables override the defaults', () => {
  const cfg = loadMigrateConfig({
    PGA_STORAGE_MODE: 'plain',
    PGA_RETENTION_RAW_DAYS: '7',
    PGA_RETENTION_HOURLY_DAYS: '30',
    PGA_RETENTION_DAILY_DAYS: '365',
    PGA_DATABASE_URL: 'postgres://u@h:1/d',
    PGA_MAINTAIN_INTERVAL_S: '60',
  });
  assert.equal(cfg.mode, 'plain');
  assert.deepEqual(cfg.retention, { raw: 7, hourly: 30, daily: 365 });
  assert.equal(cfg.databaseUrl, 'postgres://u@h:1/d');
  assert.equal(cfg.maintainIntervalS, 60);
});

test('a wrong value names the variable', () => {
  const named = (name: string) => (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, new RegExp(name));
    return true;
  };
  assert.throws(() => loadMigrateConfig({ PGA_STORAGE_MODE: 'timescaledb' }), named('PGA_STORAGE_MODE'));
  assert.throws(() => loadMigrateConfig({ PGA_RETENTION_RAW_DAYS: '1' }), named('PGA_RETENTION_RAW_DAYS'));
  assert.throws(
    () => loadMigrateConfig({ PGA_RETENTION_HOURLY_DAYS: 'ninety' }),
    named('PGA_RETENTION_HOURLY_DAYS'),
  );
  assert.throws(
    () => loadMigrateConfig({ PGA_RETENTION_RAW_DAYS: '30', PGA_RETENTION_HOURLY_DAYS: '20' }),
    named('PGA_RETENTION_HOURLY_DAYS=20'),
  );
  assert.throws(
    () => loadMigrateConfig({ PGA_RETENTION_DAILY_DAYS: '60' }),
    named('PGA_RETENTION_DAILY_DAYS=60'),
  );
});
