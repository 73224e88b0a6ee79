import { z } from 'zod';
import { boolFlag, logLevel, parseEnv, port, positiveInt, type Env } from '../lib/config/env.ts';
import { loadStackConfig, type StackConfig } from '../lib/config/stack.ts';
import { ConfigError } from '../lib/errors.ts';

// Every PGA_API_* variable, validated once at start. Secrets (signing keys, bootstrap token, the first
// admin's password) are read here and never logged.

export const apiShape = {
  PGA_API_PORT: port(8080).or(z.literal('0').transform(() => 0)),
  PGA_API_HOST: z.string().min(1).default('127.0.0.1'),
  /** Signing keys as `kid:secret[,kid:secret…]`; the first signs, all verify (rotation without downtime). */
  PGA_API_JWT_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]+:[^,\s]{32,}(,[A-Za-z0-9_-]+:[^,\s]{32,})*$/,
      'expected kid:secret[,kid:secret…] with secrets of 32+ characters',
    )
    .optional(),
  PGA_API_ACCESS_TTL_S: z.coerce.number().int().min(60).max(86_400).default(900),
  PGA_API_REFRESH_TTL_S: z.coerce
    .number()
    .int()
    .min(300)
    .max(90 * 86_400)
    .default(30 * 86_400),
  PGA_API_CORS_ORIGINS: z.string().default(''),
  PGA_API_BOOTSTRAP_TOKEN: z.string().min(24, 'expected at least 24 characters').optional(),
  PGA_API_ADMIN_EMAIL: z.email('expected an e-mail address').optional(),
  PGA_API_ADMIN_PASSWORD: z.string().min(12, 'expected at least 12 characters').optional(),
  PGA_API_MAX_PAGE: positiveInt(1000),
  PGA_API_BODY_LIMIT: positiveInt(256 * 1024),
  PGA_API_LOGIN_RATE: positiveInt(10),
  /** Failed registrations (wrong or missing bootstrap token, invalid body) per minute and client address. */
  PGA_API_REGISTER_RATE: positiveInt(20),
  PGA_API_DB_POOL: z.coerce.number().int().min(1).max(100).default(10),
  /** Seconds a rollup-based read (top queries, query detail) is served from memory; 0 turns it off. */
  PGA_API_READ_CACHE_S: z.coerce.number().int().min(0).max(3600).default(30),
  /** When set, GET /metrics needs `Authorization: Bearer <this>`; unset, /metrics is open (see README). */
  PGA_API_METRICS_TOKEN: z.string().min(24, 'expected at least 24 characters').optional(),
  /** Express `trust proxy`: false, a hop count, or addresses/subnets of the proxies (comma-separated). */
  PGA_API_TRUST_PROXY: z
    .string()
    .regex(
      /^(false|true|\d{1,2}|[0-9A-Fa-f.:/]+(,[0-9A-Fa-f.:/]+)*)$/,
      'expected false, a hop count or proxy addresses',
    )
    .default('false'),
  /** /api/v1/ready answers 503 when Kafka is unreachable; `false` keeps Kafka reported but not required. */
  PGA_API_READY_REQUIRES_KAFKA: boolFlag(true),
  PGA_LOG_LEVEL: logLevel,
};

export interface ApiConfig {
  stack: StackConfig;
  port: number;
  host: string;
  jwtKeys: Array<{ kid: string; secret: string }>;
  accessTtlS: number;
  refreshTtlS: number;
  corsOrigins: string[];
  bootstrapToken: string | undefined;
  admin: { email: string; password: string } | undefined;
  maxPage: number;
  bodyLimit: number;
  loginRatePerMinute: number;
  registerFailuresPerMinute: number;
  dbPool: number;
  readCacheS: number;
  metricsToken: string | undefined;
  trustProxy: boolean | number | string;
  readyRequiresKafka: boolean;
  logLevel: string;
}

export function loadApiConfig(env: Env = process.env): ApiConfig {
  const e = parseEnv(apiShape, env);
  if (!e.PGA_API_JWT_KEYS) {
    throw new ConfigError(
      'PGA_API_JWT_KEYS is not set: expected kid:secret[,kid:secret…] (secrets of 32+ random characters, e.g. `k1:$(openssl rand -hex 32)`)',
    );
  }
  if ((e.PGA_API_ADMIN_EMAIL === undefined) !== (e.PGA_API_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('PGA_API_ADMIN_EMAIL and PGA_API_ADMIN_PASSWORD go together: set both or neither');
  }
  const jwtKeys = e.PGA_API_JWT_KEYS.split(',').map((pair) => {
    const i = pair.indexOf(':');
    return { kid: pair.slice(0, i), secret: pair.slice(i + 1) };
  });
  if (new Set(jwtKeys.map((k) => k.kid)).size !== jwtKeys.length) {
    throw new ConfigError('PGA_API_JWT_KEYS: every key needs its own kid');
  }
  return {
    stack: loadStackConfig(env),
    port: e.PGA_API_PORT,
    host: e.PGA_API_HOST,
    jwtKeys,
    accessTtlS: e.PGA_API_ACCESS_TTL_S,
    refreshTtlS: e.PGA_API_REFRESH_TTL_S,
    corsOrigins: e.PGA_API_CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    bootstrapToken: e.PGA_API_BOOTSTRAP_TOKEN,
    admin: e.PGA_API_ADMIN_EMAIL
      ? { email: e.PGA_API_ADMIN_EMAIL, password: e.PGA_API_ADMIN_PASSWORD as string }
      : undefined,
    maxPage: e.PGA_API_MAX_PAGE,
    bodyLimit: e.PGA_API_BODY_LIMIT,
    loginRatePerMinute: e.PGA_API_LOGIN_RATE,
    registerFailuresPerMinute: e.PGA_API_REGISTER_RATE,
    dbPool: e.PGA_API_DB_POOL,
    readCacheS: e.PGA_API_READ_CACHE_S,
    metricsToken: e.PGA_API_METRICS_TOKEN,
    trustProxy: trustProxy(e.PGA_API_TRUST_PROXY),
    readyRequiresKafka: e.PGA_API_READY_REQUIRES_KAFKA,
    logLevel: e.PGA_LOG_LEVEL,
  };
}

function trustProxy(v: string): boolean | number | string {
  if (v === 'false') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}
