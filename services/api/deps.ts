import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler, Response } from 'express';
import type { SchemaRegistry } from '../lib/avro/index.ts';
import type { Pool } from '../lib/db/pool.ts';
import type { Logger } from '../lib/log/logger.ts';
import type { Principal, Role } from './auth/principal.ts';
import type { ApiConfig } from './config.ts';
import type { KafkaProbe } from './kafka-probe.ts';

// What every route module receives. Route modules export `register(router, deps)` and nothing else; they
// describe each route in `deps.openapi` with the same zod schemas that validate it.

export interface AuditEntry {
  action: string;
  target?: string;
  outcome: 'success' | 'failure';
  details?: Record<string, unknown>;
  /** Who acted, when it is not the request's principal (e.g. the user who just logged in). */
  actor?: Principal;
}

export interface Auth {
  /** Any authenticated caller with at least `role` (collector tokens are refused). */
  requireRole(role: Role): RequestHandler;
  /** A collector token for the collector named by `req.params[param]`, or a user/API token with `role`. */
  requireCollectorOrRole(param: string, role: Role): RequestHandler;
}

export interface ApiDeps {
  config: ApiConfig;
  pool: Pool;
  logger: Logger;
  schemas: SchemaRegistry;
  openapi: OpenAPIRegistry;
  auth: Auth;
  audit(res: Response, entry: AuditEntry): Promise<void>;
  /** Kafka reachability and latest offsets, for /ready and /status. */
  kafka: KafkaProbe;
  /** The package version (package.json). */
  version: string;
}

export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}
