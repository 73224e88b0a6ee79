import assert from 'node:assert/strict';
import type pg from 'pg';
import type { ApiEnv } from '../support/api-env.ts';

// Helpers of the collector and collector-config tests: registration, and a snapshot of the collector tables
// to prove that a refused request changed nothing.

export const BOOTSTRAP = 'test-bootstrap-token-0123456789abcdef';

/** Settings of a test API that accepts registrations and never rate-limits them. */
export const COLLECTOR_ENV = { PGA_API_BOOTSTRAP_TOKEN: BOOTSTRAP, PGA_API_REGISTER_RATE: '100000' };

export interface Registered {
  collector_id: string;
  token: string;
  config_url: string;
  config_version: number;
  config_etag: string;
}

export async function registerCollector(
  env: ApiEnv,
  body: Record<string, unknown> = {},
  bootstrap = BOOTSTRAP,
): Promise<Registered> {
  const res = await env.request('POST', '/api/v1/collectors/register', {
    token: bootstrap,
    body: { name: 'db-1', hostname: 'db1.example.test', agent_version: '0.1.0', ...body },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as Registered;
}

/** Everything the collector routes can change, in a stable order. */
export async function collectorSnapshot(pool: pg.Pool): Promise<string> {
  const res = await pool.query(`
    SELECT (SELECT json_agg(c ORDER BY collector_id) FROM (
              SELECT collector_id, name, hostname, agent_version, status, labels, last_seen, deregistered_at,
                     applied_config_version, updated_at FROM collectors) c) AS collectors,
           (SELECT json_agg(v ORDER BY collector_id, version) FROM (
              SELECT collector_id, version, config, etag, comment, rollback_of FROM collector_configs) v) AS configs,
           (SELECT json_agg(t ORDER BY token_id) FROM (
              SELECT token_id, collector_id, revoked_at FROM collector_tokens) t) AS tokens,
           (SELECT json_agg(b ORDER BY token_id) FROM (
              SELECT token_id, used_at, revoked_at FROM collector_bootstrap_tokens) b) AS bootstrap,
           (SELECT count(*) FROM users) AS users`);
  return JSON.stringify(res.rows[0]);
}
