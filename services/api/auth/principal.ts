// Who is calling. Set on res.locals.principal by the authentication middleware.
//   user       a person, signed in (JWT access token) — has a role
//   apitoken   a long-lived token for automation — has the role it was created with
//   collector  an agent's collector-scoped token — may only read its own configuration and heartbeat

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { kind: 'user'; userId: string; email: string; role: Role }
  | { kind: 'apitoken'; tokenId: string; userId: string | null; role: Role }
  | { kind: 'collector'; collectorId: string };

/** True when `have` is at least `need` (viewer < operator < admin). */
export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}
