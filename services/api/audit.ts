import type { Response } from 'express';
import type { Logger } from '../lib/log/logger.ts';
import type { Principal } from './auth/principal.ts';
import type { AuditEntry } from './deps.ts';
import { insertAudit, type ActorKind, type AuditRecord } from './sql/audit.ts';
import type { Queryable } from './sql/users.ts';

// deps.audit: records who (the request's principal, or anonymous), from where (the client address), did
// what to which target, and whether it succeeded. A failed audit write is logged at error level and does
// not fail the request: the change it describes has already been committed.

export type AuditFn = (res: Response, entry: AuditEntry) => Promise<void>;

export function actorOf(principal: Principal | undefined): { kind: ActorKind; id: string | null } {
  switch (principal?.kind) {
    case 'user':
      return { kind: 'user', id: principal.userId };
    case 'apitoken':
      return { kind: 'apitoken', id: principal.tokenId };
    case 'collector':
      return { kind: 'collector', id: principal.collectorId };
    default:
      return { kind: 'anonymous', id: null };
  }
}

export function createAudit(db: Queryable, logger: Logger): AuditFn {
  return async (res, entry) => {
    const actor = actorOf(entry.actor ?? (res.locals.principal as Principal | undefined));
    const record: AuditRecord = {
      actorKind: actor.kind,
      actorId: actor.id,
      action: entry.action,
      target: entry.target ?? null,
      outcome: entry.outcome,
      ip: res.req.ip ?? res.req.socket.remoteAddress ?? null,
      details: entry.details ?? {},
    };
    try {
      await insertAudit(db, record);
    } catch (err) {
      logger.error({ err, audit: record }, 'audit log write failed');
    }
  };
}
