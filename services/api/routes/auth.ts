import { rateLimit } from 'express-rate-limit';
import type { Router } from 'express';
import { issueSession } from '../auth/session.ts';
import { hashToken } from '../auth/opaque-token.ts';
import { decoyHash, verifyPassword } from '../auth/password.ts';
import { ROLES } from '../auth/principal.ts';
import { principalOf, type ApiDeps } from '../deps.ts';
import { ApiError, unauthorized } from '../http/api-error.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { refreshFamilyOf, revokeRefreshFamily, spendRefreshToken } from '../sql/tokens.ts';
import { userForLogin } from '../sql/users.ts';

// Sign-in: login (rate-limited per client address), refresh (rotation with reuse detection), logout, me.

const Login = {
  body: z
    .object({
      email: z.string().trim().min(3).max(320).openapi({ example: 'admin@example.com' }),
      password: z.string().min(1).max(1024),
    })
    .strict(),
};
const RefreshBody = {
  body: z.object({ refresh_token: z.string().min(1).max(1000) }).strict(),
};
const Tokens = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().openapi({ description: 'seconds until the access token expires' }),
    refresh_expires_in: z.number().int(),
    role: z.enum(ROLES),
  })
  .openapi('SessionTokens');
const Me = z
  .object({
    kind: z.enum(['user', 'apitoken', 'collector']),
    user_id: z.string().nullable().optional(),
    email: z.string().optional(),
    role: z.enum(ROLES).optional(),
    token_id: z.string().optional(),
    collector_id: z.string().optional(),
  })
  .openapi('Me');

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export function register(router: Router, deps: ApiDeps): void {
  const { pool, config, audit, openapi } = deps;

  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: config.loginRatePerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new ApiError(429, 'RATE_LIMITED', 'too many login attempts from this address; retry in a minute')),
  });

  openapi.registerPath({
    method: 'post',
    path: '/api/v1/auth/login',
    tags: ['auth'],
    summary: 'Sign in with e-mail and password: an access token and a refresh token',
    security: [],
    request: { body: json(Login.body) },
    responses: { 200: { description: 'Signed in', ...json(Tokens) }, ...errorResponses(400, 401, 413, 429) },
  });
  router.post('/auth/login', loginLimiter, validate(Login), async (_req, res) => {
    const { email, password } = input(res, Login).body;
    const user = await userForLogin(pool, email);
    const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
    if (!user || !ok || user.disabled_at !== null) {
      const reason = !user ? 'unknown email' : !ok ? 'wrong password' : 'user disabled';
      await audit(res, { action: 'auth.login', outcome: 'failure', details: { email, reason } });
      throw unauthorized('invalid email or password');
    }
    const who = { userId: user.user_id, email: user.email, role: user.role };
    const { familyId, ...tokens } = await issueSession(pool, config, who, null);
    await audit(res, {
      action: 'auth.login',
      target: user.user_id,
      outcome: 'success',
      actor: { kind: 'user', ...who },
      details: { session: familyId },
    });
    res.json(tokens);
  });

  openapi.registerPath({
    method: 'post',
    path: '/api/v1/auth/refresh',
    tags: ['auth'],
    summary: 'Exchange a refresh token for new tokens (the old refresh token is spent)',
    description:
      'Refresh tokens rotate: each is valid once. Presenting a spent refresh token again revokes every token of its session.',
    security: [],
    request: { body: json(RefreshBody.body) },
    responses: { 200: { description: 'New tokens', ...json(Tokens) }, ...errorResponses(400, 401, 413) },
  });
  router.post('/auth/refresh', validate(RefreshBody), async (_req, res) => {
    const hash = hashToken(input(res, RefreshBody).body.refresh_token);
    const use = await spendRefreshToken(pool, hash);
    if (use.kind !== 'rotated') {
      if (use.kind === 'reused') await revokeRefreshFamily(pool, use.familyId);
      await audit(res, {
        action: 'auth.refresh',
        target: use.kind === 'reused' ? use.userId : undefined,
        outcome: 'failure',
        details:
          use.kind === 'reused'
            ? { reason: 'refresh token reused: session revoked', session: use.familyId }
            : { reason: 'refresh token unknown or expired' },
      });
      throw unauthorized('refresh token invalid, expired or already used');
    }
    const who = { userId: use.userId, email: use.email, role: use.role };
    const { familyId: _family, ...tokens } = await issueSession(pool, config, who, use.familyId);
    res.json(tokens);
  });

  openapi.registerPath({
    method: 'post',
    path: '/api/v1/auth/logout',
    tags: ['auth'],
    summary: 'End a session: revokes the refresh token and every token rotated from it',
    security: [],
    request: { body: json(RefreshBody.body) },
    responses: {
      204: { description: 'Signed out (also when the token was unknown)' },
      ...errorResponses(400),
    },
  });
  router.post('/auth/logout', validate(RefreshBody), async (_req, res) => {
    const session = await refreshFamilyOf(pool, hashToken(input(res, RefreshBody).body.refresh_token));
    if (session) {
      const revoked = await revokeRefreshFamily(pool, session.family_id);
      await audit(res, {
        action: 'auth.logout',
        target: session.user_id,
        outcome: 'success',
        details: { session: session.family_id, revoked },
      });
    }
    res.status(204).end();
  });

  openapi.registerPath({
    method: 'get',
    path: '/api/v1/auth/me',
    tags: ['auth'],
    summary: 'Who the bearer token belongs to',
    responses: { 200: { description: 'The caller', ...json(Me) }, ...errorResponses(401) },
  });
  router.get('/auth/me', validate({ query: z.object({}).strict() }), (_req, res) => {
    const p = principalOf(res);
    if (!p) throw unauthorized();
    if (p.kind === 'user') res.json({ kind: p.kind, user_id: p.userId, email: p.email, role: p.role });
    else if (p.kind === 'apitoken')
      res.json({ kind: p.kind, token_id: p.tokenId, user_id: p.userId, role: p.role });
    else res.json({ kind: p.kind, collector_id: p.collectorId });
  });
}
