import type { ApiConfig } from '../config.ts';
import { insertRefreshToken } from '../sql/tokens.ts';
import type { Queryable } from '../sql/users.ts';
import { signAccessToken } from './jwt.ts';
import { newRefreshToken } from './opaque-token.ts';
import type { Role } from './principal.ts';

// A signed-in session: a short-lived access JWT and an opaque refresh token. Each refresh spends the refresh
// token and issues a new one in the same family (rotation); see sql/tokens.ts spendRefreshToken.

export interface SessionTokens {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_expires_in: number;
  role: Role;
}

export async function issueSession(
  db: Queryable,
  cfg: Pick<ApiConfig, 'jwtKeys' | 'accessTtlS' | 'refreshTtlS'>,
  user: { userId: string; email: string; role: Role },
  familyId: string | null,
): Promise<SessionTokens & { familyId: string }> {
  const refresh = newRefreshToken();
  const { family_id } = await insertRefreshToken(db, {
    userId: user.userId,
    hash: refresh.hash,
    familyId,
    ttlS: cfg.refreshTtlS,
  });
  return {
    access_token: signAccessToken(cfg.jwtKeys, user, cfg.accessTtlS),
    refresh_token: refresh.token,
    token_type: 'Bearer',
    expires_in: cfg.accessTtlS,
    refresh_expires_in: cfg.refreshTtlS,
    role: user.role,
    familyId: family_id,
  };
}
