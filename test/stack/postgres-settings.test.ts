import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  postgresSettings,
  renderPgHba,
  renderPostgresSettings,
} from '../../services/stack/postgres-settings.ts';

describe('settings of the embedded PostgreSQL', () => {
  const input = { cfg: { pgPort: 15433 }, socketDir: "/tmp/pga's/postgres" };

  it('listens on 127.0.0.1 at PGA_PG_PORT with its socket inside PGA_HOME', () => {
    const s = postgresSettings(input);
    assert.equal(s.port, '15433');
    assert.equal(s.listen_addresses, '127.0.0.1');
    assert.equal(s.unix_socket_directories, "/tmp/pga's/postgres");
  });

  it('preloads pg_stat_statements and turns on the timings the collector reports', () => {
    const s = postgresSettings(input);
    assert.equal(s.shared_preload_libraries, 'pg_stat_statements');
    assert.equal(s['pg_stat_statements.track'], 'all');
    assert.equal(s.track_io_timing, 'on');
    assert.equal(s.track_functions, 'all');
    assert.equal(s.max_connections, '200');
    assert.equal(s.shared_buffers, '256MB');
    assert.equal(s.fsync, 'on');
  });

  it('renders postgresql.conf syntax with quoted strings', () => {
    const text = renderPostgresSettings(input);
    assert.match(text, /^port = 15433$/m);
    assert.match(text, /^fsync = on$/m);
    assert.match(text, /^listen_addresses = '127\.0\.0\.1'$/m);
    assert.match(text, /^unix_socket_directories = '\/tmp\/pga''s\/postgres'$/m);
    assert.match(text, /^shared_preload_libraries = 'pg_stat_statements'$/m);
  });

  it('trusts only the local socket and 127.0.0.1', () => {
    const rules = renderPgHba()
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(/\s+/));
    assert.deepEqual(
      rules.map((r) => r[0]),
      ['local', 'host'],
    );
    assert.equal(rules[1]?.[3], '127.0.0.1/32');
    assert.ok(rules.every((r) => r.at(-1) === 'trust'));
  });
});
