import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import type pg from 'pg';
import type { ApiResponse } from '../support/api-env.ts';

// Helpers of the API tests: forged tokens, the error-shape check, and a snapshot of the auth tables to
// prove that a refused request changed nothing.

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function accessClaims(user: { id: string; email: string }, role: string, extra: object = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: user.id,
    email: user.email,
    role,
    typ: 'access',
    iss: 'pganalytics',
    aud: 'pga-api',
    iat: now,
    exp: now + 600,
    ...extra,
  };
}

/** A JWT signed with HS256 by `secret`, with header `kid`. */
export function signWith(secret: string, kid: string | undefined, claims: object): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', ...(kid === undefined ? {} : { keyid: kid }) });
}

/** An unsigned token (`alg: none`). */
export function unsigned(claims: object, kid = 'test-k1'): string {
  return `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims)}.`;
}

/** Asserts the one error shape, with no stack trace or internals. */
export function assertError(res: ApiResponse, status: number, code?: string): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  assert.equal(typeof res.body, 'object', `error body is JSON: ${String(res.body)}`);
  assert.equal(typeof res.body.error?.code, 'string');
  assert.equal(typeof res.body.error?.message, 'string');
  if (code) assert.equal(res.body.error.code, code);
  assert.deepEqual(Object.keys(res.body).sort(), ['error'], 'the body holds nothing but the error');
  const text = JSON.stringify(res.body);
  assert.doesNotMatch(text, /\bat .+\.(ts|js):\d+/, 'no stack trace');
  assert.doesNotMatch(text, /node_modules|\/work\/|SQLSTATE|syntax error at/, 'no internals');
}

/** Row counts and a digest of the auth tables. */
export async function snapshot(pool: pg.Pool): Promise<string> {
  const res = await pool.query(`
    SELECT (SELECT json_agg(u ORDER BY user_id) FROM (SELECT user_id, email, role, disabled_at, password_hash FROM users) u) AS users,
           (SELECT json_agg(t ORDER BY token_id) FROM (SELECT token_id, name, role, revoked_at FROM api_tokens) t) AS tokens,
           (SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NULL) AS live_refresh`);
  return JSON.stringify(res.rows[0]);
}

export const INJECTIONS = [
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  "admin@example.test' --",
  "1; DELETE FROM users WHERE '1'='1",
  "' UNION SELECT password_hash FROM users --",
];
