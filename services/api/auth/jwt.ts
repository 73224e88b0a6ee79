import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES, type Role } from './principal.ts';

// Access tokens: short-lived JWTs, HS256 only. The `kid` header names the key among the configured ones
// (PGA_API_JWT_KEYS): the first key signs, every key verifies, so a new key is rolled out by putting it
// first while the old one stays listed until the tokens it signed have expired.
//
//   header  { alg: 'HS256', typ: 'JWT', kid }
//   claims  { sub: user id, email, role, typ: 'access', iss: 'pganalytics', aud: 'pga-api', iat, exp }

export const JWT_ALGORITHMS: jwt.Algorithm[] = ['HS256'];
export const JWT_ISSUER = 'pganalytics';
export const JWT_AUDIENCE = 'pga-api';

export interface JwtKey {
  kid: string;
  secret: string;
}

// jsonwebtoken given a string secret first tries to parse it as a public key, on every call (measured: half
// of the API's CPU under load). A secret KeyObject, built once per configured key, skips that.
const keyObjects = new Map<string, KeyObject>();
function keyObject(secret: string): KeyObject {
  let k = keyObjects.get(secret);
  if (!k) keyObjects.set(secret, (k = createSecretKey(Buffer.from(secret, 'utf8'))));
  return k;
}

export interface AccessClaims {
  sub: string;
  email: string;
  role: Role;
  typ: 'access';
}

export function signAccessToken(
  keys: readonly JwtKey[],
  user: { userId: string; email: string; role: Role },
  ttlS: number,
): string {
  const key = keys[0];
  if (!key) throw new Error('no JWT signing key configured');
  const claims = { email: user.email, role: user.role, typ: 'access' };
  return jwt.sign(claims, keyObject(key.secret), {
    algorithm: 'HS256',
    keyid: key.kid,
    subject: user.userId,
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
    expiresIn: ttlS,
  });
}

/** The verification secret named by the token's `kid`, or an error saying why there is none. */
export function keyForToken(
  keys: readonly JwtKey[],
  token: string,
): { secret: KeyObject } | { error: string } {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.header !== 'object') return { error: 'token is not a JWT' };
  if (decoded.header.alg !== 'HS256')
    return { error: `token algorithm ${decoded.header.alg} is not accepted` };
  const kid = decoded.header.kid;
  if (typeof kid !== 'string') return { error: 'token has no kid header' };
  const key = keys.find((k) => k.kid === kid);
  return key ? { secret: keyObject(key.secret) } : { error: 'token signed with an unknown key' };
}

/** Checks the claims of a verified token; returns them, or undefined when they are not an access token. */
export function accessClaims(payload: unknown): AccessClaims | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as Record<string, unknown>;
  if (p.typ !== 'access' || typeof p.sub !== 'string' || typeof p.email !== 'string') return undefined;
  if (!ROLES.includes(p.role as Role)) return undefined;
  return { sub: p.sub, email: p.email, role: p.role as Role, typ: 'access' };
}

export const JWT_VERIFY_OPTIONS = {
  algorithms: JWT_ALGORITHMS,
  issuer: JWT_ISSUER,
  audience: JWT_AUDIENCE,
};
