import type { Router } from 'express';
import { newCollectorToken } from '../auth/opaque-token.ts';
import { audited } from '../collectors/audited.ts';
import {
  Collector,
  CollectorIdParams,
  collectorName,
  hostname,
  json,
  labels,
  labelSelector,
  STATUSES,
} from '../collectors/fields.ts';
import { presentCollector } from '../collectors/present.ts';
import type { ApiDeps } from '../deps.ts';
import { conflict, notFound } from '../http/api-error.ts';
import { decodeCursor, keysetCursor, keysetKey, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import {
  deregisterCollector,
  getCollector,
  insertCollectorToken,
  listCollectors,
  lockCollector,
  reactivateCollector,
  revokeCollectorTokens,
  updateCollector,
} from '../sql/collectors.ts';
import { inTransaction } from '../sql/transaction.ts';

// Collector management (admins) and listing (viewers); the agent's own routes are registration
// (collector-registration.ts) and heartbeat (collector-heartbeat.ts).
// Deregistering keeps the collector and its configuration history and revokes its tokens; a deregistered
// collector comes back with PATCH status=active and a new token from POST …/tokens.

const LIST_TAG = 'collectors';

export function register(router: Router, deps: ApiDeps): void {
  const { pool, audit, openapi, auth } = deps;
  const viewer = auth.requireRole('viewer');
  const admin = auth.requireRole('admin');
  const noQuery = z.strictObject({});

  const List = {
    query: z.strictObject({
      ...pageQuery(deps.config.maxPage),
      status: z.enum(STATUSES).optional(),
      name: z
        .string()
        .max(128)
        .regex(/^[A-Za-z0-9 _.:@()+/-]+$/, 'expected part of a collector name')
        .optional()
        .openapi({ description: 'case-insensitive substring of the name' }),
      hostname: hostname.optional(),
      label: labelSelector.optional().openapi({ description: 'key:value[,key:value…], all must match' }),
      seen_within_s: z.coerce
        .number()
        .int()
        .min(1)
        .max(30 * 86_400)
        .optional()
        .openapi({ description: 'only collectors whose last heartbeat is at most this old' }),
    }),
  };
  openapi.registerPath({
    method: 'get',
    path: '/api/v1/collectors',
    tags: ['collectors'],
    summary: 'List collectors by name, with filters',
    request: { query: List.query },
    responses: {
      200: { description: 'A page of collectors', ...json(pageOf(Collector)) },
      ...errorResponses(400, 401, 403),
    },
  });
  router.get('/collectors', viewer, validate(List), async (_req, res) => {
    const q = input(res, List).query;
    const after =
      q.cursor === undefined ? undefined : decodeCursor(q.cursor, keysetCursor(LIST_TAG, ['text', 'text']));
    const rows = await listCollectors(pool, {
      status: q.status,
      nameContains: q.name,
      hostname: q.hostname,
      labels: q.label,
      seenWithinS: q.seen_within_s,
      after: after && { name: after[0] as string, id: after[1] as string },
      limit: q.limit + 1,
    });
    res.json(toPage(rows, q.limit, presentCollector, (r) => keysetKey(LIST_TAG, [r.name, r.collector_id])));
  });

  const One = { params: CollectorIdParams, query: noQuery };
  openapi.registerPath({
    method: 'get',
    path: '/api/v1/collectors/{collector_id}',
    tags: ['collectors'],
    summary: 'One collector',
    request: { params: One.params },
    responses: {
      200: { description: 'The collector', ...json(Collector) },
      ...errorResponses(400, 401, 403, 404),
    },
  });
  router.get('/collectors/:collector_id', viewer, validate(One), async (_req, res) => {
    const row = await getCollector(pool, input(res, One).params.collector_id);
    if (!row) throw notFound('collector');
    res.json(presentCollector(row));
  });

  const Patch = {
    params: CollectorIdParams,
    query: noQuery,
    body: z
      .strictObject({
        name: collectorName.optional(),
        labels: labels.optional(),
        status: z.enum(STATUSES).optional(),
      })
      .refine((b) => Object.keys(b).length > 0, 'expected at least one of name, labels, status')
      .openapi('CollectorUpdate', {
        description: 'labels replace the whole set; status=deregistered revokes tokens',
      }),
  };
  openapi.registerPath({
    method: 'patch',
    path: '/api/v1/collectors/{collector_id}',
    tags: ['collectors'],
    summary: 'Rename, relabel, deregister or reactivate a collector (admin)',
    request: { params: Patch.params, body: json(Patch.body) },
    responses: {
      200: { description: 'Updated', ...json(Collector) },
      ...errorResponses(400, 401, 403, 404, 413),
    },
  });
  router.patch('/collectors/:collector_id', admin, validate(Patch), async (_req, res) => {
    const { params, body } = input(res, Patch);
    const id = params.collector_id;
    const revoked = await audited(audit, res, { action: 'collector.update', target: id }, () =>
      inTransaction(pool, async (tx) => {
        const current = await lockCollector(tx, id);
        if (!current) throw notFound('collector');
        await updateCollector(tx, id, { name: body.name, labels: body.labels });
        if (body.status === 'deregistered' && current.status === 'active') return deregisterCollector(tx, id);
        if (body.status === 'active' && current.status === 'deregistered') await reactivateCollector(tx, id);
        return 0;
      }),
    );
    await audit(res, {
      action: 'collector.update',
      target: id,
      outcome: 'success',
      details: { changed: Object.keys(body), ...body, tokens_revoked: revoked },
    });
    res.json(presentCollector((await getCollector(pool, id))!));
  });

  openapi.registerPath({
    method: 'delete',
    path: '/api/v1/collectors/{collector_id}',
    tags: ['collectors'],
    summary: 'Deregister a collector (admin): its tokens are revoked, its history kept',
    request: { params: One.params },
    responses: { 204: { description: 'Deregistered' }, ...errorResponses(400, 401, 403, 404) },
  });
  router.delete('/collectors/:collector_id', admin, validate(One), async (_req, res) => {
    const id = input(res, One).params.collector_id;
    const revoked = await audited(audit, res, { action: 'collector.deregister', target: id }, () =>
      inTransaction(pool, async (tx) => {
        if (!(await lockCollector(tx, id))) throw notFound('collector');
        return deregisterCollector(tx, id);
      }),
    );
    await audit(res, {
      action: 'collector.deregister',
      target: id,
      outcome: 'success',
      details: { tokens_revoked: revoked },
    });
    res.status(204).end();
  });

  const Rotated = z
    .object({
      collector_id: z.string(),
      token_id: z.uuid(),
      token: z
        .string()
        .openapi({ description: 'the new collector token (pgac_…), shown only in this response' }),
      tokens_revoked: z.number().int(),
    })
    .openapi('RotatedCollectorToken');
  openapi.registerPath({
    method: 'post',
    path: '/api/v1/collectors/{collector_id}/tokens',
    tags: ['collectors'],
    summary: 'Issue a new collector token and revoke the old ones (admin)',
    request: { params: One.params },
    responses: {
      201: { description: 'Issued', ...json(Rotated) },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });
  router.post('/collectors/:collector_id/tokens', admin, validate(One), async (_req, res) => {
    const id = input(res, One).params.collector_id;
    const secret = newCollectorToken();
    const issued = await audited(audit, res, { action: 'collector.token.rotate', target: id }, () =>
      inTransaction(pool, async (tx) => {
        const current = await lockCollector(tx, id);
        if (!current) throw notFound('collector');
        if (current.status !== 'active')
          throw conflict('the collector is deregistered: PATCH its status to active first');
        const revoked = await revokeCollectorTokens(tx, id);
        return { revoked, tokenId: await insertCollectorToken(tx, id, secret.hash) };
      }),
    );
    await audit(res, {
      action: 'collector.token.rotate',
      target: id,
      outcome: 'success',
      details: { token_id: issued.tokenId, tokens_revoked: issued.revoked },
    });
    res.status(201).json({
      collector_id: id,
      token_id: issued.tokenId,
      token: secret.token,
      tokens_revoked: issued.revoked,
    });
  });
}
