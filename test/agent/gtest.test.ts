import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadStackConfig } from '../../services/lib/config/stack.ts';
import { runAgentTests } from './support/agent-process.ts';

// The agent's GoogleTest suite (collector-native/test/unit), run by `make test` like every other test. Its
// live suites (PgLive*) sample a real PostgreSQL when PGA_TEST_PG_DSN is set: the project's PostgreSQL 18
// (pg_stat_statements preloaded) and the machine's PostgreSQL 15 on 5432 when there is one, so the
// version-aware SQL runs on two major versions.

const PG15 = process.env.PGA_TEST_PG15_DSN ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

describe('collector-native unit tests (GoogleTest)', { timeout: 300_000 }, () => {
  it('pass with PostgreSQL 18 (the stack)', () => {
    const r = runAgentTests({ PGA_TEST_PG_DSN: loadStackConfig().databaseUrl });
    assert.equal(r.status, 0, `${r.stdout.slice(-8000)}\n${r.stderr.slice(-4000)}`);
    assert.match(r.stdout, /\[ {2}PASSED {2}\] \d+ tests?/);
  });

  it('pass with PostgreSQL 15 (the machine, 127.0.0.1:5432)', async (t) => {
    const { default: pg } = await import('pg');
    const probe = new pg.Client({ connectionString: PG15, connectionTimeoutMillis: 2000 });
    const reachable = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => undefined);
    if (!reachable) {
      t.skip(`no PostgreSQL at ${PG15}`);
      return;
    }
    const r = runAgentTests({ PGA_TEST_PG_DSN: PG15 }, 'PgLive*');
    assert.equal(r.status, 0, `${r.stdout.slice(-8000)}\n${r.stderr.slice(-4000)}`);
  });
});
