import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// What may register a collector: the shared PGA_API_BOOTSTRAP_TOKEN (compared in constant time), or a
// one-time token `pgab_<43 chars>` created by an admin (POST /api/v1/bootstrap-tokens) and spent by the
// registration. Only sha256(token) of one-time tokens is stored.

export const BOOTSTRAP_TOKEN_PREFIX = 'pgab_';
const ONE_TIME = /^pgab_[A-Za-z0-9_-]{43}$/;

export function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

export function newBootstrapToken(): { token: string; hash: Buffer } {
  const token = `${BOOTSTRAP_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: sha256(token) };
}

/** Hashing first gives both sides the same length, so the comparison time says nothing about the secret. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

export function isOneTimeToken(token: string): boolean {
  return ONE_TIME.test(token);
}

/** The bearer token of an Authorization header, or undefined. */
export function bearer(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  return m?.[1];
}
