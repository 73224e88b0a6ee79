import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SchemaRegistry } from '../lib/avro/index.ts';
import { pgExecutor } from '../lib/db/executor.ts';
import { loadMigrations } from '../lib/db/migrate/migration-files.ts';
import { metaTablesExist, readApplied } from '../lib/db/migrate/meta.ts';
import { createPool, type Pool } from '../lib/db/pool.ts';
import { ConfigError, errorMessage } from '../lib/errors.ts';
import { createLogger, redactUrl, type Logger } from '../lib/log/logger.ts';
import { createApp } from './app.ts';
import { createAudit } from './audit.ts';
import { createAuthenticate } from './auth/authenticate.ts';
import { createAuth } from './auth/create-auth.ts';
import { ensureFirstAdmin } from './auth/first-admin.ts';
import type { ApiConfig } from './config.ts';
import type { ApiDeps } from './deps.ts';
import { createHttpMetrics } from './http/metrics.ts';
import { createKafkaProbe } from './kafka-probe.ts';
import { createOpenApiRegistry } from './openapi.ts';

// Wires the API: config → pool, schema registry, Kafka probe → auth, audit → app → listen; stop() closes the
// listener (in-flight requests finish), then Kafka and the pool. No logic lives here.

export interface ApiHandle {
  port: number;
  stop(): Promise<void>;
}

export const API_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export async function startApi(
  cfg: ApiConfig,
  logger: Logger = createLogger('api', cfg.logLevel),
): Promise<ApiHandle> {
  const pool = createPool(cfg.stack.databaseUrl, { max: cfg.dbPool, applicationName: 'pga-api' });
  pool.on('error', (err) => logger.warn({ err: errorMessage(err) }, 'idle database connection lost'));
  try {
    await checkDatabase(pool, cfg);
    await ensureFirstAdmin(pool, cfg.admin, logger);
  } catch (err) {
    await pool.end();
    throw err;
  }

  const audit = createAudit(pool, logger);
  const kafka = createKafkaProbe(cfg.stack.kafkaBrokers, logger);
  const deps: ApiDeps = {
    config: cfg,
    pool,
    logger,
    schemas: SchemaRegistry.load(),
    openapi: createOpenApiRegistry(),
    auth: createAuth(audit),
    audit,
    kafka,
    version: API_VERSION,
  };
  const authenticate = createAuthenticate({ db: pool, jwtKeys: cfg.jwtKeys, audit, logger });
  const app = createApp(deps, { authenticate, httpMetrics: createHttpMetrics(), version: API_VERSION });

  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(cfg.port, cfg.host, (err?: Error) => (err ? reject(err) : resolve(s)));
      s.once('error', reject);
    });
  } catch (err) {
    await Promise.allSettled([kafka.close(), pool.end()]);
    throw new ConfigError(
      `cannot listen on ${cfg.host}:${cfg.port} (PGA_API_HOST, PGA_API_PORT): ${errorMessage(err)}`,
    );
  }
  server.keepAliveTimeout = 5_000;
  const port = (server.address() as AddressInfo).port;
  logger.info(
    { host: cfg.host, port, database: redactUrl(cfg.stack.databaseUrl), keys: cfg.jwtKeys.map((k) => k.kid) },
    'api listening',
  );

  let stopping: Promise<void> | undefined;
  return {
    port,
    stop: () =>
      (stopping ??= (async () => {
        logger.info('api stopping: finishing the requests in flight');
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Requests still running after the grace period are cut, so a stuck client cannot hold shutdown.
        const grace = setTimeout(() => server.closeAllConnections(), 10_000);
        await closed;
        clearTimeout(grace);
        await kafka.close();
        await pool.end();
        logger.info('api stopped');
      })()),
  };
}

/** The database answers and every migration of migrations/ is applied. */
async function checkDatabase(pool: Pool, cfg: ApiConfig): Promise<void> {
  const where = `the database at ${redactUrl(cfg.stack.databaseUrl)}`;
  const db = pgExecutor(pool);
  let applied;
  try {
    applied = (await metaTablesExist(db)) ? await readApplied(db) : [];
  } catch (err) {
    throw new ConfigError(
      `cannot reach ${where} (PGA_DATABASE_URL): ${errorMessage(err)}. Is it running? (\`pga up\`)`,
    );
  }
  const files = await loadMigrations();
  const pending = files.filter((m) => !applied.some((a) => a.id === m.id)).map((m) => m.key);
  if (pending.length > 0) {
    throw new ConfigError(`${where} lacks migrations ${pending.join(', ')}: run \`pga migrate\` first`);
  }
}
