import pg from 'pg';
import { signAccessToken } from '../../services/api/auth/jwt.ts';
import { hashPassword } from '../../services/api/auth/password.ts';
import type { Role } from '../../services/api/auth/principal.ts';
import { loadApiConfig, type ApiConfig } from '../../services/api/config.ts';
import { startApi } from '../../services/api/main.ts';
import { insertUser } from '../../services/api/sql/users.ts';
import { createLogger } from '../../services/lib/log/logger.ts';
import { withDatabase } from '../../services/migrate/connect.ts';
import { migrate } from '../../services/migrate/migrate.ts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.ts';

// A running API on a scratch database of its own (migrated, plain storage mode), with one user per role and
// an access token for each. `request` speaks JSON to it. Close it at the end of the test (`after`).
//
//   const env = await createApiEnv();
//   after(() => env.close());
//   const res = await env.request('GET', '/api/v1/auth/me', { token: env.tokens.viewer });

/** Signing keys of the test API: `test-k1` signs, `test-k2` only verifies (rotation). */
export const TEST_JWT_KEYS = [
  { kid: 'test-k1', secret: 'test-secret-one-0123456789abcdef0123456789' },
  { kid: 'test-k2', secret: 'test-secret-two-0123456789abcdef0123456789' },
];

export interface ApiEnvUser {
  id: string;
  email: string;
  password: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, the text otherwise ('' when empty). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, with Content-Type: application/json unless headers say otherwise. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiEnv {
  baseUrl: string;
  db: ScratchDatabase;
  /** A pool on the scratch database, for the test's own reads and writes (not the API's). */
  pool: pg.Pool;
  config: ApiConfig;
  tokens: Record<Role, string>;
  users: Record<Role, ApiEnvUser>;
  request(method: string, path: string, opts?: RequestOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function createApiEnv(opts: { env?: Record<string, string> } = {}): Promise<ApiEnv> {
  const db = await createScratchDatabase();
  let pool: pg.Pool | undefined;
  try {
    await withDatabase(db.url, (session) => migrate(session, { mode: 'plain' }));
    const config = loadApiConfig({
      ...process.env,
      PGA_DATABASE_URL: db.url,
      PGA_API_HOST: '127.0.0.1',
      PGA_API_PORT: '0',
      PGA_API_JWT_KEYS: TEST_JWT_KEYS.map((k) => `${k.kid}:${k.secret}`).join(','),
      PGA_API_LOGIN_RATE: '1000',
      PGA_API_ADMIN_EMAIL: '',
      PGA_API_ADMIN_PASSWORD: '',
      PGA_LOG_LEVEL: process.env.PGA_TEST_API_LOG_LEVEL ?? 'silent',
      ...opts.env,
    });
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    // close() ends this pool and at once drops the database WITH (FORCE): a backend not yet gone is
    // terminated, and its client, already out of the pool, still reports it as a pool 'error'.
    pool.on('error', () => undefined);
    const users = {} as Record<Role, ApiEnvUser>;
    const tokens = {} as Record<Role, string>;
    for (const role of ['admin', 'operator', 'viewer'] as const) {
      const email = `${role}@example.test`;
      const password = `${role}-password-${role.length}x`;
      const row = await insertUser(pool, { email, passwordHash: await hashPassword(password), role });
      if (!row) throw new Error(`could not create the ${role} user`);
      users[role] = { id: row.user_id, email, password };
      tokens[role] = signAccessToken(config.jwtKeys, { userId: row.user_id, email, role }, config.accessTtlS);
    }
    const api = await startApi(config, createLogger('api', config.logLevel));
    const baseUrl = `http://127.0.0.1:${api.port}`;
    const testPool = pool;
    return {
      baseUrl,
      db,
      pool: testPool,
      config,
      tokens,
      users,
      request: (method, path, ro = {}) => request(baseUrl, method, path, ro),
      async close() {
        await api.stop();
        await testPool.end();
        await db.drop();
      },
    };
  } catch (err) {
    await pool?.end();
    await db.drop();
    throw err;
  }
}

async function request(
  baseUrl: string,
  method: string,
  path: string,
  opts: RequestOptions,
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  Object.assign(headers, opts.headers);
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  let parsed: unknown = text;
  if (isJson && text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
