import type { Request, RequestHandler, Response } from 'express';
import { Passport } from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import type { Logger } from '../../lib/log/logger.ts';
import type { AuditFn } from '../audit.ts';
import { unauthorized } from '../http/api-error.ts';
import { findApiToken, findCollectorToken, touchApiToken, touchCollectorToken } from '../sql/tokens.ts';
import type { Queryable } from '../sql/users.ts';
import { accessClaims, JWT_VERIFY_OPTIONS, keyForToken, type JwtKey } from './jwt.ts';
import { hashToken, looksOpaque, opaqueKind } from './opaque-token.ts';
import { roleAtLeast, type Principal } from './principal.ts';

// The one authentication middleware. A request without credentials goes on anonymous (the routes decide
// whether that is enough); a valid credential sets res.locals.principal; a credential that is present but
// invalid, expired or revoked is answered 401 and audited — except on the routes listed in
// CREDENTIAL_OPTIONAL_PATHS, which need no credential (a stale header must not block a login or a refresh).
//
//   Authorization: Bearer pga_…    API token        → { kind: 'apitoken' }
//   Authorization: Bearer pgac_…   collector token  → { kind: 'collector' }
//   Authorization: Bearer <JWT>    access token     → { kind: 'user' }   (passport-jwt, HS256, key by kid)

export const CREDENTIAL_OPTIONAL_PATHS: RegExp[] = [
  /^\/metrics$/,
  /^\/api\/v1\/(health|ready|openapi\.json)$/,
  /^\/api\/v1\/docs(\/.*)?$/,
  /^\/api\/v1\/auth\/(login|refresh|logout)$/,
  /^\/api\/v1\/collectors\/register$/,
];

export interface AuthenticateOptions {
  db: Queryable;
  jwtKeys: readonly JwtKey[];
  audit: AuditFn;
  logger: Logger;
  optionalPaths?: RegExp[];
}

type Outcome = { principal: Principal } | { failure: string };

export function createAuthenticate(opts: AuthenticateOptions): RequestHandler {
  const passport = new Passport();
  passport.use(
    'jwt',
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKeyProvider: (_req: Request, raw: string, done: (err: unknown, secret?: string) => void) => {
          const key = keyForToken(opts.jwtKeys, String(raw));
          if ('error' in key) done(new Error(key.error));
          // A secret KeyObject: jsonwebtoken accepts it for HS256 (the types only name string and Buffer).
          else done(null, key.secret as unknown as string);
        },
        // Top-level, not in jsonWebTokenOptions: passport-jwt overwrites those three with its own options,
        // undefined when not given, which would leave the algorithm unpinned.
        algorithms: JWT_VERIFY_OPTIONS.algorithms,
        issuer: JWT_VERIFY_OPTIONS.issuer,
        audience: JWT_VERIFY_OPTIONS.audience,
      },
      (payload: unknown, done: (err: unknown, user?: Principal | false, info?: unknown) => void) => {
        const claims = accessClaims(payload);
        if (!claims) done(null, false, new Error('not an access token'));
        else done(null, { kind: 'user', userId: claims.sub, email: claims.email, role: claims.role });
      },
    ),
  );
  const optional = opts.optionalPaths ?? CREDENTIAL_OPTIONAL_PATHS;

  const viaJwt = (req: Request, res: Response): Promise<Outcome> =>
    new Promise((resolve, reject) => {
      const run = passport.authenticate(
        'jwt',
        { session: false },
        (err: unknown, user: Principal | false, info: unknown) => {
          if (err) reject(err);
          else if (user) resolve({ principal: user });
          else resolve({ failure: jwtFailure(info) });
        },
      ) as RequestHandler;
      run(req, res, (err?: unknown) => (err ? reject(err) : resolve({ failure: 'invalid token' })));
    });

  const viaOpaque = async (token: string): Promise<Outcome> => {
    const kind = opaqueKind(token);
    if (kind === 'api') {
      const t = await findApiToken(opts.db, hashToken(token));
      if (!t) return { failure: 'API token unknown, revoked or expired' };
      if (t.stale) touch(() => touchApiToken(opts.db, t.token_id));
      const role = t.owner_role && !roleAtLeast(t.owner_role, t.role) ? t.owner_role : t.role;
      return { principal: { kind: 'apitoken', tokenId: t.token_id, userId: t.user_id, role } };
    }
    if (kind === 'collector') {
      const t = await findCollectorToken(opts.db, hashToken(token));
      if (!t) return { failure: 'collector token unknown or revoked' };
      if (t.stale) touch(() => touchCollectorToken(opts.db, t.token_id));
      return { principal: { kind: 'collector', collectorId: t.collector_id } };
    }
    if (kind === 'refresh')
      return { failure: 'a refresh token is not a bearer credential: POST it to /auth/refresh' };
    return { failure: 'malformed token' };
  };

  // last_used_at is a hint, written at most once a minute per token and never on the request's path.
  const touch = (fn: () => Promise<void>) =>
    void fn().catch((err: unknown) => opts.logger.warn({ err }, 'could not record token use'));

  return (req, res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) {
      next();
      return;
    }
    const isOptional = optional.some((re) => re.test(req.path));
    const match = /^Bearer +(\S+) *$/i.exec(header);
    const outcome: Promise<Outcome> = !match
      ? Promise.resolve({ failure: 'expected Authorization: Bearer <token>' })
      : looksOpaque(match[1] as string)
        ? viaOpaque(match[1] as string)
        : viaJwt(req, res);
    outcome.then(
      async (o) => {
        if ('principal' in o) {
          res.locals.principal = o.principal;
          next();
        } else if (isOptional) {
          next();
        } else {
          await opts.audit(res, {
            action: 'auth.token',
            target: `${req.method} ${req.path}`.slice(0, 300),
            outcome: 'failure',
            details: { reason: o.failure },
          });
          next(unauthorized(o.failure));
        }
      },
      (err: unknown) => next(err),
    );
  };
}

function jwtFailure(info: unknown): string {
  if (info instanceof Error) {
    if (info.name === 'TokenExpiredError') return 'access token expired';
    if (info.message === 'No auth token') return 'expected Authorization: Bearer <token>';
    if (/unknown key|no kid|not accepted|not a JWT|not an access token/.test(info.message))
      return info.message;
  }
  return 'invalid access token';
}
