import { createHash, randomBytes } from 'node:crypto';

// Opaque bearer tokens: a prefix that says what the token is, then 32 random bytes in base64url.
//
//   pga_<43 chars>    API token (automation), role fixed at creation
//   pgac_<43 chars>   collector token, scoped to one collector
//   pgar_<43 chars>   refresh token (rotated at each use)
//
// Only the sha256 of the whole token is stored (api_tokens, collector_tokens, refresh_tokens.token_hash);
// the token itself is shown once, when it is created.

export const TOKEN_PREFIX = { api: 'pga_', collector: 'pgac_', refresh: 'pgar_' } as const;
export type OpaqueKind = keyof typeof TOKEN_PREFIX;

const BODY = /^[A-Za-z0-9_-]{43}$/;

export interface NewToken {
  /** The token to give to its holder, once. */
  token: string;
  /** What is stored: sha256(token). */
  hash: Buffer;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function newToken(kind: OpaqueKind): NewToken {
  const token = `${TOKEN_PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

export const newApiToken = (): NewToken => newToken('api');
export const newCollectorToken = (): NewToken => newToken('collector');
export const newRefreshToken = (): NewToken => newToken('refresh');

/** The kind of an opaque token by its prefix and shape, or undefined (then it may be a JWT). */
export function opaqueKind(token: string): OpaqueKind | undefined {
  // Longest prefix first: pgac_ and pgar_ also start with "pga".
  for (const kind of ['collector', 'refresh', 'api'] as const) {
    const prefix = TOKEN_PREFIX[kind];
    if (token.startsWith(prefix)) return BODY.test(token.slice(prefix.length)) ? kind : undefined;
  }
  return undefined;
}

/** True when the token starts like one of ours, well formed or not. */
export function looksOpaque(token: string): boolean {
  return /^pga(c|r)?_/.test(token);
}
