import type { Router } from 'express';
import { actorLabel } from '../collectors/actor-label.ts';
import { newBootstrapToken } from '../collectors/bootstrap-credential.ts';
import { comment, iso, json } from '../collectors/fields.ts';
import { principalOf, type ApiDeps } from '../deps.ts';
import { notFound } from '../http/api-error.ts';
import { decodeCursor, keysetCursor, keysetKey, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import {
  insertBootstrapToken,
  listBootstrapTokens,
  revokeBootstrapToken,
  type BootstrapTokenRow,
} from '../sql/collector-bootstrap-tokens.ts';

// One-time bootstrap tokens (admin): each registers exactly one collector (POST /collectors/register), an
// alternative to sharing PGA_API_BOOTSTRAP_TOKEN with the whole fleet. The secret is in the creation
// answer only; listings show the state of each token, never the token.

const BootstrapToken = z
  .object({
    token_id: z.uuid(),
    created_at: z.iso.datetime(),
    created_by: z.string(),
    expires_at: z.iso.datetime(),
    comment: z.string().nullable(),
    used_at: z.iso.datetime().nullable(),
    collector_id: z.string().nullable().openapi({ description: 'the collector it registered' }),
    revoked_at: z.iso.datetime().nullable(),
    state: z.enum(['usable', 'used', 'expired', 'revoked']),
  })
  .openapi('BootstrapToken');

function presentBootstrapToken(t: BootstrapTokenRow) {
  const state = t.revoked_at
    ? 'revoked'
    : t.used_at
      ? 'used'
      : t.expires_at.getTime() <= Date.now()
        ? 'expired'
        : 'usable';
  return {
    token_id: t.token_id,
    created_at: t.created_at.toISOString(),
    created_by: t.created_by,
    expires_at: t.expires_at.toISOString(),
    comment: t.comment,
    used_at: iso(t.used_at),
    collector_id: t.collector_id,
    revoked_at: iso(t.revoked_at),
    state,
  } as const;
}

export function register(router: Router, deps: ApiDeps): void {
  const { pool, audit, openapi, config } = deps;
  const admin = deps.auth.requireRole('admin');

  const Create = {
    body: z
      .strictObject({
        ttl_s: z
          .number()
          .int()
          .min(60)
          .max(30 * 86_400)
          .default(86_400)
          .openapi({ description: 'seconds until the token expires unused (default one day)' }),
        comment: comment.optional(),
      })
      .openapi('NewBootstrapToken'),
    query: z.strictObject({}),
  };
  openapi.registerPath({
    method: 'post',
    path: '/api/v1/bootstrap-tokens',
    tags: ['collectors'],
    summary: 'Create a one-time bootstrap token (pgab_…, in this response only) that registers one collector',
    request: { body: json(Create.body) },
    responses: {
      201: {
        description: 'Created',
        ...json(BootstrapToken.extend({ token: z.string() }).openapi('CreatedBootstrapToken')),
      },
      ...errorResponses(400, 401, 403, 413),
    },
  });
  router.post('/bootstrap-tokens', admin, validate(Create), async (_req, res) => {
    const body = input(res, Create).body;
    const secret = newBootstrapToken();
    const row = await insertBootstrapToken(pool, {
      hash: secret.hash,
      createdBy: actorLabel(principalOf(res)),
      ttlS: body.ttl_s,
      comment: body.comment,
    });
    await audit(res, {
      action: 'bootstrap_token.create',
      target: row.token_id,
      outcome: 'success',
      details: { expires_at: row.expires_at.toISOString() },
    });
    res.status(201).json({ ...presentBootstrapToken(row), token: secret.token });
  });

  const List = { query: z.strictObject(pageQuery(config.maxPage)) };
  const LIST_TAG = 'bootstrap-tokens';
  openapi.registerPath({
    method: 'get',
    path: '/api/v1/bootstrap-tokens',
    tags: ['collectors'],
    summary: 'List one-time bootstrap tokens, newest first (never their secrets)',
    request: { query: List.query },
    responses: {
      200: { description: 'A page of tokens', ...json(pageOf(BootstrapToken)) },
      ...errorResponses(400, 401, 403),
    },
  });
  router.get('/bootstrap-tokens', admin, validate(List), async (_req, res) => {
    const { limit, cursor } = input(res, List).query;
    const after =
      cursor === undefined ? undefined : decodeCursor(cursor, keysetCursor(LIST_TAG, ['timestamp', 'text']));
    const rows = await listBootstrapTokens(pool, {
      limit: limit + 1,
      after: after && { at: after[0] as string, id: after[1] as string },
    });
    res.json(
      toPage(rows, limit, presentBootstrapToken, (r) => keysetKey(LIST_TAG, [r.cursor_at, r.token_id])),
    );
  });

  const Revoke = { params: z.strictObject({ token_id: z.uuid() }), query: z.strictObject({}) };
  openapi.registerPath({
    method: 'delete',
    path: '/api/v1/bootstrap-tokens/{token_id}',
    tags: ['collectors'],
    summary: 'Revoke a one-time bootstrap token',
    request: { params: Revoke.params },
    responses: { 204: { description: 'Revoked' }, ...errorResponses(400, 401, 403, 404) },
  });
  router.delete('/bootstrap-tokens/:token_id', admin, validate(Revoke), async (_req, res) => {
    const { token_id } = input(res, Revoke).params;
    const row = await revokeBootstrapToken(pool, token_id);
    if (!row) throw notFound('bootstrap token');
    await audit(res, { action: 'bootstrap_token.revoke', target: token_id, outcome: 'success' });
    res.status(204).end();
  });
}
