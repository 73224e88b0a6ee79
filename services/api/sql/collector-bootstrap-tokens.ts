import type { Queryable } from './users.ts';

// One-time bootstrap tokens (collector_bootstrap_tokens, 0007): created by an admin, spent by the one
// registration they allow. Found by sha256(token), like every token.

export interface BootstrapTokenRow {
  token_id: string;
  created_at: Date;
  created_by: string;
  expires_at: Date;
  comment: string | null;
  used_at: Date | null;
  collector_id: string | null;
  revoked_at: Date | null;
}

const COLUMNS =
  'token_id::text, created_at, created_by, expires_at, comment, used_at, collector_id, revoked_at';

export async function insertBootstrapToken(
  db: Queryable,
  t: { hash: Buffer; createdBy: string; ttlS: number; comment?: string | undefined },
): Promise<BootstrapTokenRow> {
  const res = await db.query<BootstrapTokenRow>(
    `INSERT INTO collector_bootstrap_tokens (token_hash, created_by, expires_at, comment)
     VALUES ($1, $2, now() + make_interval(secs => $3), $4)
     RETURNING ${COLUMNS}`,
    [t.hash, t.createdBy, t.ttlS, t.comment ?? null],
  );
  return res.rows[0] as BootstrapTokenRow;
}

/** Newest first, after the cursor (created_at, token_id). */
export async function listBootstrapTokens(
  db: Queryable,
  opts: { limit: number; after?: { at: string; id: string } | undefined },
): Promise<Array<BootstrapTokenRow & { cursor_at: string }>> {
  const res = await db.query<BootstrapTokenRow & { cursor_at: string }>(
    `SELECT ${COLUMNS}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
       FROM collector_bootstrap_tokens
      WHERE ($1::timestamptz IS NULL OR (created_at, token_id) < ($1::timestamptz, $2::uuid))
      ORDER BY created_at DESC, token_id DESC
      LIMIT $3`,
    [opts.after?.at ?? null, opts.after?.id ?? null, opts.limit],
  );
  return res.rows;
}

export async function revokeBootstrapToken(
  db: Queryable,
  tokenId: string,
): Promise<BootstrapTokenRow | undefined> {
  const res = await db.query<BootstrapTokenRow>(
    `UPDATE collector_bootstrap_tokens SET revoked_at = coalesce(revoked_at, now())
      WHERE token_id = $1 RETURNING ${COLUMNS}`,
    [tokenId],
  );
  return res.rows[0];
}

/** True when a token with this hash could register a collector now. */
export async function findUsableBootstrapToken(db: Queryable, hash: Buffer): Promise<boolean> {
  const res = await db.query(
    `SELECT 1 FROM collector_bootstrap_tokens
      WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()`,
    [hash],
  );
  return (res.rowCount ?? 0) > 0;
}

/**
 * Spends a usable token (not used, revoked or expired) for `collectorId`, atomically: of two registrations
 * presenting the same token only one spends it. Returns the token id, or undefined.
 */
export async function spendBootstrapToken(
  db: Queryable,
  hash: Buffer,
  collectorId: string,
): Promise<string | undefined> {
  const res = await db.query<{ token_id: string }>(
    `UPDATE collector_bootstrap_tokens SET used_at = now(), collector_id = $2
      WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
      RETURNING token_id::text`,
    [hash, collectorId],
  );
  return res.rows[0]?.token_id;
}
