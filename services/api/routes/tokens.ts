import type { Router } from 'express';
import { newApiToken } from '../auth/opaque-token.ts';
import { ROLES, roleAtLeast, type Role } from '../auth/principal.ts';
import { principalOf, type ApiDeps } from '../deps.ts';
import { forbidden, notFound } from '../http/api-error.ts';
import { decodeCursor, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { insertApiToken, listApiTokens, revokeApiToken, type ApiTokenRow } from '../sql/tokens.ts';

// Long-lived API tokens for automation. The secret is returned once, at creation, and never again (only its
// sha256 is stored). Admins see and revoke every token; others only their own, with a role up to theirs.

const Token = z
  .object({
    token_id: z.uuid(),
    name: z.string(),
    user_id: z.uuid().nullable(),
    role: z.enum(ROLES),
    created_at: z.iso.datetime(),
    last_used_at: z.iso.datetime().nullable(),
    expires_at: z.iso.datetime().nullable(),
    revoked_at: z.iso.datetime().nullable(),
  })
  .openapi('ApiToken');
const CreatedToken = Token.extend({
  token: z.string().openapi({ description: 'the secret, shown only in this response', example: 'pga_…' }),
}).openapi('CreatedApiToken');

const iso = (d: Date | null) => d?.toISOString() ?? null;
const toToken = (t: ApiTokenRow) => ({
  token_id: t.token_id,
  name: t.name,
  user_id: t.user_id,
  role: t.role,
  created_at: t.created_at.toISOString(),
  last_used_at: iso(t.last_used_at),
  expires_at: iso(t.expires_at),
  revoked_at: iso(t.revoked_at),
});

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

/** The caller's role and the user whose tokens they manage (collectors never get here: requireRole). */
function caller(res: Parameters<typeof principalOf>[0]): {
  role: Role;
  userId: string | null;
  admin: boolean;
} {
  const p = principalOf(res);
  if (!p || p.kind === 'collector') throw forbidden();
  return { role: p.role, userId: p.userId, admin: p.role === 'admin' };
}

export function register(router: Router, deps: ApiDeps): void {
  const { pool, audit, openapi, auth } = deps;
  const anyRole = auth.requireRole('viewer');

  const Create = {
    body: z
      .object({
        name: z.string().trim().min(1).max(200),
        role: z.enum(ROLES).optional().openapi({ description: 'defaults to your role; at most your role' }),
        expires_in_days: z.number().int().min(1).max(3650).optional(),
      })
      .strict()
      .openapi('NewApiToken'),
  };
  openapi.registerPath({
    method: 'post',
    path: '/api/v1/tokens',
    tags: ['tokens'],
    summary: 'Create an API token (the secret is in this response only)',
    request: { body: json(Create.body) },
    responses: {
      201: { description: 'Created', ...json(CreatedToken) },
      ...errorResponses(400, 401, 403, 413),
    },
  });
  router.post('/tokens', anyRole, validate(Create), async (_req, res) => {
    const me = caller(res);
    const body = input(res, Create).body;
    const role = body.role ?? me.role;
    if (!roleAtLeast(me.role, role))
      throw forbidden(`a token cannot have a higher role than yours (${me.role})`);
    const secret = newApiToken();
    const expiresAt =
      body.expires_in_days === undefined ? null : new Date(Date.now() + body.expires_in_days * 86_400_000);
    const row = await insertApiToken(pool, {
      name: body.name,
      userId: me.userId,
      role,
      hash: secret.hash,
      expiresAt,
    });
    await audit(res, {
      action: 'token.create',
      target: row.token_id,
      outcome: 'success',
      details: { name: row.name, role, expires_at: iso(expiresAt) },
    });
    res.status(201).json({ ...toToken(row), token: secret.token });
  });

  const List = {
    query: z
      .object({
        ...pageQuery(deps.config.maxPage),
        user_id: z.uuid().optional().openapi({ description: 'admins: only this user’s tokens' }),
      })
      .strict(),
  };
  openapi.registerPath({
    method: 'get',
    path: '/api/v1/tokens',
    tags: ['tokens'],
    summary: 'List API tokens, newest first (admins: all; others: their own). Secrets are never listed.',
    request: { query: List.query },
    responses: {
      200: { description: 'A page of tokens', ...json(pageOf(Token)) },
      ...errorResponses(400, 401, 403),
    },
  });
  router.get('/tokens', anyRole, validate(List), async (_req, res) => {
    const me = caller(res);
    const { limit, cursor, user_id } = input(res, List).query;
    if (!me.admin && user_id !== undefined && user_id !== me.userId)
      throw forbidden('only admins list the tokens of other users');
    if (!me.admin && me.userId === null)
      throw forbidden('this token has no owner whose tokens could be listed');
    const rows = await listApiTokens(pool, {
      userId: me.admin ? user_id : (me.userId ?? undefined),
      limit: limit + 1,
      afterId: cursor === undefined ? undefined : decodeCursor(cursor, z.uuid()),
    });
    res.json(toPage(rows, limit, toToken, (t) => t.token_id));
  });

  const Revoke = { params: z.object({ token_id: z.uuid() }).strict(), query: z.object({}).strict() };
  openapi.registerPath({
    method: 'delete',
    path: '/api/v1/tokens/{token_id}',
    tags: ['tokens'],
    summary: 'Revoke an API token (admins: any; others: their own)',
    request: { params: Revoke.params },
    responses: { 204: { description: 'Revoked' }, ...errorResponses(400, 401, 403, 404) },
  });
  router.delete('/tokens/:token_id', anyRole, validate(Revoke), async (_req, res) => {
    const me = caller(res);
    const { token_id } = input(res, Revoke).params;
    if (!me.admin && me.userId === null) throw notFound('token');
    const row = await revokeApiToken(pool, token_id, me.admin ? undefined : (me.userId ?? undefined));
    if (!row) throw notFound('token');
    await audit(res, {
      action: 'token.revoke',
      target: token_id,
      outcome: 'success',
      details: { name: row.name },
    });
    res.status(204).end();
  });
}
