import type { Role } from '../auth/principal.ts';
import type { Queryable } from './users.ts';

// API tokens, refresh tokens and the lookup of collector tokens, all found by sha256(token).

export interface ApiTokenRow {
  token_id: string;
  name: string;
  user_id: string | null;
  role: Role;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const TOKEN_COLUMNS =
  'token_id::text, name, user_id::text, role, created_at, last_used_at, expires_at, revoked_at';

export async function insertApiToken(
  db: Queryable,
  t: { name: string; userId: string | null; role: Role; hash: Buffer; expiresAt: Date | null },
): Promise<ApiTokenRow> {
  const res = await db.query<ApiTokenRow>(
    `INSERT INTO api_tokens (name, user_id, role, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${TOKEN_COLUMNS}`,
    [t.name, t.userId, t.role, t.hash, t.expiresAt],
  );
  return res.rows[0] as ApiTokenRow;
}

/** Tokens by creation, newest first, after the token `afterId` (the cursor); `userId` undefined = all. */
export async function listApiTokens(
  db: Queryable,
  opts: { userId?: string | undefined; limit: number; afterId?: string | undefined },
): Promise<ApiTokenRow[]> {
  const res = await db.query<ApiTokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens
      WHERE ($1::uuid IS NULL OR user_id = $1)
        AND ($2::uuid IS NULL
             OR (created_at, token_id) < (SELECT created_at, token_id FROM api_tokens WHERE token_id = $2))
      ORDER BY created_at DESC, token_id DESC
      LIMIT $3`,
    [opts.userId ?? null, opts.afterId ?? null, opts.limit],
  );
  return res.rows;
}

/** Revokes a token (of `userId` only, when given); the row, or undefined when there is none. */
export async function revokeApiToken(
  db: Queryable,
  tokenId: string,
  userId: string | undefined,
): Promise<ApiTokenRow | undefined> {
  const res = await db.query<ApiTokenRow>(
    `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
      WHERE token_id = $1 AND ($2::uuid IS NULL OR user_id = $2)
      RETURNING ${TOKEN_COLUMNS}`,
    [tokenId, userId ?? null],
  );
  return res.rows[0];
}

export interface ApiTokenCredential {
  token_id: string;
  user_id: string | null;
  role: Role;
  /** The owner's current role (null for a token without owner): a token never exceeds its owner. */
  owner_role: Role | null;
  stale: boolean;
}

/** A usable API token by hash: not revoked, not expired, owner not disabled. */
export async function findApiToken(db: Queryable, hash: Buffer): Promise<ApiTokenCredential | undefined> {
  const res = await db.query<ApiTokenCredential>(
    `SELECT t.token_id::text, t.user_id::text, t.role, u.role AS owner_role,
            (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale
       FROM api_tokens t LEFT JOIN users u ON u.user_id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL
        AND (t.expires_at IS NULL OR t.expires_at > now())
        AND (t.user_id IS NULL OR u.disabled_at IS NULL)`,
    [hash],
  );
  return res.rows[0];
}

export async function touchApiToken(db: Queryable, tokenId: string): Promise<void> {
  await db.query('UPDATE api_tokens SET last_used_at = now() WHERE token_id = $1', [tokenId]);
}

export interface CollectorCredential {
  token_id: string;
  collector_id: string;
  stale: boolean;
}

export async function findCollectorToken(
  db: Queryable,
  hash: Buffer,
): Promise<CollectorCredential | undefined> {
  const res = await db.query<CollectorCredential>(
    `SELECT token_id::text, collector_id,
            (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale
       FROM collector_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
    [hash],
  );
  return res.rows[0];
}

export async function touchCollectorToken(db: Queryable, tokenId: string): Promise<void> {
  await db.query('UPDATE collector_tokens SET last_used_at = now() WHERE token_id = $1', [tokenId]);
}

// ---- refresh tokens ----

export async function insertRefreshToken(
  db: Queryable,
  t: { userId: string; hash: Buffer; familyId: string | null; ttlS: number },
): Promise<{ family_id: string }> {
  const res = await db.query<{ family_id: string }>(
    `INSERT INTO refresh_tokens (user_id, token_hash, family_id, expires_at)
     VALUES ($1, $2, coalesce($3::uuid, gen_random_uuid()), now() + make_interval(secs => $4))
     RETURNING family_id::text`,
    [t.userId, t.hash, t.familyId, t.ttlS],
  );
  return res.rows[0] as { family_id: string };
}

export type RefreshUse =
  | { kind: 'rotated'; userId: string; familyId: string; email: string; role: Role }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

/**
 * Spends a refresh token: revokes it (atomically, so of two concurrent uses only one wins) and says whose it
 * was. A token that was already revoked is a reuse: the caller revokes its family.
 */
export async function spendRefreshToken(db: Queryable, hash: Buffer): Promise<RefreshUse> {
  const spent = await db.query<{ user_id: string; family_id: string; email: string; role: Role }>(
    `UPDATE refresh_tokens r SET revoked_at = now()
       FROM users u
      WHERE r.token_hash = $1 AND r.revoked_at IS NULL AND r.expires_at > now()
        AND u.user_id = r.user_id AND u.disabled_at IS NULL
      RETURNING r.user_id::text, r.family_id::text, u.email, u.role`,
    [hash],
  );
  const row = spent.rows[0];
  if (row)
    return {
      kind: 'rotated',
      userId: row.user_id,
      familyId: row.family_id,
      email: row.email,
      role: row.role,
    };
  const old = await db.query<{ user_id: string; family_id: string; revoked: boolean }>(
    `SELECT user_id::text, family_id::text, revoked_at IS NOT NULL AS revoked
       FROM refresh_tokens WHERE token_hash = $1`,
    [hash],
  );
  const o = old.rows[0];
  return o?.revoked ? { kind: 'reused', userId: o.user_id, familyId: o.family_id } : { kind: 'invalid' };
}

/** Revokes every live token of a family; returns how many. */
export async function revokeRefreshFamily(db: Queryable, familyId: string): Promise<number> {
  const res = await db.query(
    'UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL',
    [familyId],
  );
  return res.rowCount ?? 0;
}

/** The family of a refresh token (for logout), or undefined. */
export async function refreshFamilyOf(
  db: Queryable,
  hash: Buffer,
): Promise<{ family_id: string; user_id: string } | undefined> {
  const res = await db.query<{ family_id: string; user_id: string }>(
    'SELECT family_id::text, user_id::text FROM refresh_tokens WHERE token_hash = $1',
    [hash],
  );
  return res.rows[0];
}

export async function revokeUserRefreshTokens(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [
    userId,
  ]);
}
