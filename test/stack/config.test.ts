import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadStackConfig } from '../../services/lib/config/stack.ts';
import { ConfigError, ErrorCodes, PgaError } from '../../services/lib/errors.ts';
import { requireTools } from '../../services/stack/tools.ts';
import { validateStackConfig } from '../../services/stack/validate.ts';

describe('stack configuration', () => {
  it('refuses a port that is not a port, naming PGA_KAFKA_PORT', () => {
    for (const bad of ['99999', 'abc', '0']) {
      assert.throws(
        () => loadStackConfig({ PGA_KAFKA_PORT: bad }),
        (err: unknown) => err instanceof ConfigError && err.message.includes('PGA_KAFKA_PORT'),
        bad,
      );
    }
  });

  it('refuses two parts on the same port, naming both variables', () => {
    const cfg = loadStackConfig({ PGA_KAFKA_PORT: '9100', PGA_KAFKA_CONTROLLER_PORT: '9100' });
    assert.throws(
      () => validateStackConfig(cfg),
      (err: unknown) =>
        err instanceof ConfigError &&
        /PGA_KAFKA_PORT=9100/.test(err.message) &&
        /PGA_KAFKA_CONTROLLER_PORT=9100/.test(err.message),
    );
    const pgClash = loadStackConfig({ PGA_PG_PORT: '9092' });
    assert.throws(() => validateStackConfig(pgClash), /PGA_PG_PORT/);
  });

  it('ignores PGA_PG_PORT when an external database is used', () => {
    const cfg = loadStackConfig({ PGA_PG_PORT: '9092', PGA_DATABASE_URL: 'postgres://u@db.example:5432/x' });
    assert.equal(validateStackConfig(cfg), cfg);
    assert.equal(cfg.externalDatabase, true);
  });

  it('defaults to the local ports, the pga database and a broker on PGA_KAFKA_PORT', () => {
    const cfg = loadStackConfig({ PGA_KAFKA_PORT: '19092', PGA_HOME: '/tmp/x' });
    assert.deepEqual(cfg.kafkaBrokers, ['127.0.0.1:19092']);
    assert.equal(cfg.databaseUrl, 'postgres://pga@127.0.0.1:5433/pga');
    assert.equal(cfg.home, '/tmp/x');
  });

  it('names the Debian packages when java or mvn is missing', () => {
    assert.throws(
      () => requireTools(['java', 'mvn'], (cmd) => cmd !== 'mvn'),
      (err: unknown) =>
        err instanceof PgaError &&
        err.code === ErrorCodes.STACK_MISSING_TOOL &&
        err.message.startsWith('mvn not found') &&
        err.message.includes('apt-get install -y openjdk-17-jre-headless maven'),
    );
    assert.doesNotThrow(() => requireTools(['java'], () => true));
  });
});
