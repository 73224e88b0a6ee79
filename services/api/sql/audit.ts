import type { Queryable } from './users.ts';

// The audit log: appended to by every write and every authentication failure, read by admins.

export type ActorKind = 'user' | 'apitoken' | 'collector' | 'anonymous' | 'system';

export interface AuditRecord {
  actorKind: ActorKind;
  actorId: string | null;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditRow {
  audit_id: number;
  at: Date;
  actor_kind: ActorKind;
  actor_id: string | null;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  details: Record<string, unknown>;
}

export async function insertAudit(db: Queryable, r: AuditRecord): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_kind, actor_id, action, target, outcome, ip, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [r.actorKind, r.actorId, r.action, r.target, r.outcome, r.ip, JSON.stringify(r.details)],
  );
}

export interface AuditFilter {
  action?: string | undefined;
  actor?: string | undefined;
  outcome?: 'success' | 'failure' | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Entries with a smaller audit_id (the cursor: newest first). */
  before?: number | undefined;
  limit: number;
}

/** Newest first. `action` matches exactly, or as a prefix when it ends with `.*` (e.g. `auth.*`). */
export async function listAudit(db: Queryable, f: AuditFilter): Promise<AuditRow[]> {
  const prefix = f.action?.endsWith('.*') ? f.action.slice(0, -1) : undefined;
  const res = await db.query<AuditRow>(
    `SELECT audit_id, at, actor_kind, actor_id, action, target, outcome, ip, details
       FROM audit_log
      WHERE ($1::text IS NULL OR action = $1)
        AND ($2::text IS NULL OR starts_with(action, $2))
        AND ($3::text IS NULL OR actor_id = $3)
        AND ($4::text IS NULL OR outcome = $4)
        AND ($5::timestamptz IS NULL OR at >= $5)
        AND ($6::timestamptz IS NULL OR at < $6)
        AND ($7::bigint IS NULL OR audit_id < $7)
      ORDER BY audit_id DESC
      LIMIT $8`,
    [
      prefix === undefined ? (f.action ?? null) : null,
      prefix ?? null,
      f.actor ?? null,
      f.outcome ?? null,
      f.from ?? null,
      f.to ?? null,
      f.before ?? null,
      f.limit,
    ],
  );
  return res.rows;
}
