import type pg from 'pg';
import type { Role } from '../auth/principal.ts';

// The users table. Every statement is parameterised; e-mails are stored lower-cased.

export type Queryable = Pick<pg.ClientBase, 'query'>;

export interface UserRow {
  user_id: string;
  email: string;
  role: Role;
  created_at: Date;
  updated_at: Date;
  disabled_at: Date | null;
}

const COLUMNS = 'user_id::text, email, role, created_at, updated_at, disabled_at';

export async function insertUser(
  db: Queryable,
  user: { email: string; passwordHash: string; role: Role },
): Promise<UserRow | undefined> {
  const res = await db.query<UserRow>(
    `INSERT INTO users (email, password_hash, role) VALUES (lower($1), $2, $3)
     ON CONFLICT (email) DO NOTHING
     RETURNING ${COLUMNS}`,
    [user.email, user.passwordHash, user.role],
  );
  return res.rows[0];
}

export async function userForLogin(
  db: Queryable,
  email: string,
): Promise<(UserRow & { password_hash: string }) | undefined> {
  const res = await db.query<UserRow & { password_hash: string }>(
    `SELECT ${COLUMNS}, password_hash FROM users WHERE email = lower($1)`,
    [email],
  );
  return res.rows[0];
}

export async function userById(db: Queryable, userId: string): Promise<UserRow | undefined> {
  const res = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE user_id = $1`, [userId]);
  return res.rows[0];
}

/** Users ordered by e-mail, after `afterEmail` (cursor pagination). */
export async function listUsers(
  db: Queryable,
  opts: { limit: number; afterEmail?: string | undefined },
): Promise<UserRow[]> {
  const res = await db.query<UserRow>(
    `SELECT ${COLUMNS} FROM users WHERE ($1::text IS NULL OR email > $1) ORDER BY email LIMIT $2`,
    [opts.afterEmail ?? null, opts.limit],
  );
  return res.rows;
}

export async function updateUser(
  db: Queryable,
  userId: string,
  change: { role?: Role | undefined; disabled?: boolean | undefined; passwordHash?: string | undefined },
): Promise<UserRow | undefined> {
  const res = await db.query<UserRow>(
    `UPDATE users
        SET role          = coalesce($2, role),
            password_hash = coalesce($3, password_hash),
            disabled_at   = CASE WHEN $4::boolean IS NULL THEN disabled_at
                                 WHEN $4 THEN coalesce(disabled_at, now())
                                 ELSE NULL END,
            updated_at    = now()
      WHERE user_id = $1
      RETURNING ${COLUMNS}`,
    [userId, change.role ?? null, change.passwordHash ?? null, change.disabled ?? null],
  );
  return res.rows[0];
}

export async function deleteUser(db: Queryable, userId: string): Promise<boolean> {
  const res = await db.query('DELETE FROM users WHERE user_id = $1', [userId]);
  return (res.rowCount ?? 0) > 0;
}

export async function adminExists(db: Queryable): Promise<boolean> {
  const res = await db.query<{ ok: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND disabled_at IS NULL) AS ok",
  );
  return res.rows[0]?.ok === true;
}
