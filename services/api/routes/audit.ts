import type { Router } from 'express';
import type { ApiDeps } from '../deps.ts';
import { badRequest } from '../http/api-error.ts';
import { decodeCursor, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { listAudit, type AuditRow } from '../sql/audit.ts';

// GET /api/v1/audit (admin): the audit log, newest first, filtered by action, actor, outcome and time.

const Entry = z
  .object({
    audit_id: z.number().int(),
    at: z.iso.datetime(),
    actor_kind: z.enum(['user', 'apitoken', 'collector', 'anonymous', 'system']),
    actor_id: z.string().nullable(),
    action: z.string().openapi({ example: 'auth.login' }),
    target: z.string().nullable(),
    outcome: z.enum(['success', 'failure']),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');

const toEntry = (r: AuditRow) => ({ ...r, audit_id: Number(r.audit_id), at: r.at.toISOString() });

export function register(router: Router, deps: ApiDeps): void {
  const List = {
    query: z
      .object({
        ...pageQuery(deps.config.maxPage),
        action: z
          .string()
          .max(100)
          .regex(/^[a-z0-9_.-]+(\.\*)?$/, 'expected an action such as auth.login, or a prefix such as auth.*')
          .optional(),
        actor: z.string().min(1).max(200).optional().openapi({ description: 'user, token or collector id' }),
        outcome: z.enum(['success', 'failure']).optional(),
        from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'inclusive' }),
        to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'exclusive' }),
      })
      .strict(),
  };
  deps.openapi.registerPath({
    method: 'get',
    path: '/api/v1/audit',
    tags: ['audit'],
    summary: 'The audit log: every write and every authentication failure, newest first (admin)',
    request: { query: List.query },
    responses: {
      200: { description: 'A page of entries', content: { 'application/json': { schema: pageOf(Entry) } } },
      ...errorResponses(400, 401, 403),
    },
  });
  router.get('/audit', deps.auth.requireRole('admin'), validate(List), async (_req, res) => {
    const q = input(res, List).query;
    const from = q.from === undefined ? undefined : new Date(q.from);
    const to = q.to === undefined ? undefined : new Date(q.to);
    if (from && to && from >= to) throw badRequest('from must be before to');
    const rows = await listAudit(deps.pool, {
      action: q.action,
      actor: q.actor,
      outcome: q.outcome,
      from,
      to,
      before: q.cursor === undefined ? undefined : decodeCursor(q.cursor, z.number().int().positive()),
      limit: q.limit + 1,
    });
    res.json(toPage(rows, q.limit, toEntry, (r) => Number(r.audit_id)));
  });
}
