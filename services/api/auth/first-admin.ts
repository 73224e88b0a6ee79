import type { Logger } from '../../lib/log/logger.ts';
import { insertAudit } from '../sql/audit.ts';
import { adminExists, insertUser, type Queryable } from '../sql/users.ts';
import { hashPassword } from './password.ts';

// The first admin, from PGA_API_ADMIN_EMAIL / PGA_API_ADMIN_PASSWORD: created at start only while no
// enabled admin exists, so the variables can stay set without resetting anything later.
export async function ensureFirstAdmin(
  db: Queryable,
  admin: { email: string; password: string } | undefined,
  logger: Logger,
): Promise<string | undefined> {
  if (!admin || (await adminExists(db))) return undefined;
  const user = await insertUser(db, {
    email: admin.email,
    passwordHash: await hashPassword(admin.password),
    role: 'admin',
  });
  if (!user) {
    logger.warn(
      { email: admin.email },
      'PGA_API_ADMIN_EMAIL names an existing user who is not an enabled admin; left unchanged (use `pga user add` or the API)',
    );
    return undefined;
  }
  await insertAudit(db, {
    actorKind: 'system',
    actorId: null,
    action: 'user.create',
    target: user.user_id,
    outcome: 'success',
    ip: null,
    details: { email: user.email, role: 'admin', source: 'PGA_API_ADMIN_EMAIL' },
  });
  logger.info({ userId: user.user_id, email: user.email }, 'first admin created');
  return user.user_id;
}
