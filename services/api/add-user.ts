import { z } from 'zod';
import { createPool } from '../lib/db/pool.ts';
import { ConfigError, ErrorCodes, PgaError } from '../lib/errors.ts';
import { redactUrl } from '../lib/log/logger.ts';
import { hashPassword } from './auth/password.ts';
import { ROLES, type Role } from './auth/principal.ts';
import { insertAudit } from './sql/audit.ts';
import { insertUser } from './sql/users.ts';

// `pga user add`: creates a user directly in the database (no running API needed), audited as the system.

const NewUser = z.object({
  email: z.email('expected an e-mail address').max(320),
  role: z.enum(ROLES, { message: `expected one of ${ROLES.join(', ')}` }),
  password: z.string().min(12, 'the password needs at least 12 characters').max(1024),
});

export async function addUser(
  databaseUrl: string,
  user: { email: string; role: string; password: string },
): Promise<{ userId: string; email: string; role: Role }> {
  const parsed = NewUser.safeParse(user);
  if (!parsed.success) {
    throw new PgaError(
      ErrorCodes.USAGE,
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  const { email, role, password } = parsed.data;
  const pool = createPool(databaseUrl, { max: 1, applicationName: 'pga-user' });
  try {
    const ready = await pool
      .query<{ ok: boolean }>("SELECT to_regclass('users') IS NOT NULL AS ok")
      .catch((err: unknown) => {
        throw new ConfigError(`cannot reach the database at ${redactUrl(databaseUrl)}: ${String(err)}`);
      });
    if (!ready.rows[0]?.ok)
      throw new ConfigError(
        `the database at ${redactUrl(databaseUrl)} has no users table: run \`pga migrate\` first`,
      );
    const row = await insertUser(pool, { email, role, passwordHash: await hashPassword(password) });
    if (!row)
      throw new PgaError(ErrorCodes.USAGE, `a user with the e-mail ${email.toLowerCase()} already exists`);
    await insertAudit(pool, {
      actorKind: 'system',
      actorId: null,
      action: 'user.create',
      target: row.user_id,
      outcome: 'success',
      ip: null,
      details: { email: row.email, role, source: 'pga user add' },
    });
    return { userId: row.user_id, email: row.email, role };
  } finally {
    await pool.end();
  }
}
