import { execFileSync, spawnSync } from 'node:child_process';
import { ErrorCodes, PgaError } from '../lib/errors.ts';

// PostgreSQL refuses to run as root. When the CLI runs as root, initdb and pg_ctl run as an unprivileged OS
// user instead: `postgres` when the machine has one, otherwise a system user `pga` created once. The data
// folder belongs to that user.

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

function lookup(name: string): OsUser | undefined {
  const id = (flag: string) => spawnSync('id', [flag, name], { encoding: 'utf8' });
  const u = id('-u');
  const g = id('-g');
  if (u.status !== 0 || g.status !== 0) return undefined;
  return { name, uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** The user PostgreSQL runs as: undefined when the CLI is not root (it then runs as the current user). */
export function postgresOsUser(isRoot = process.getuid?.() === 0): OsUser | undefined {
  if (!isRoot) return undefined;
  const existing = lookup('postgres') ?? lookup('pga');
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'pga'], {
      stdio: 'pipe',
    });
  } catch (err) {
    throw new PgaError(ErrorCodes.STACK_START_FAILED, 'cannot create the system user pga to run PostgreSQL', {
      cause: err,
    });
  }
  const created = lookup('pga');
  if (!created) throw new PgaError(ErrorCodes.STACK_START_FAILED, 'useradd pga succeeded but id pga fails');
  return created;
}

/** The command line that runs `cmd args` as `user` (unchanged when there is no user to switch to). */
export function asUser(user: OsUser | undefined, cmd: string, args: string[]): [string, string[]] {
  return user ? ['runuser', ['-u', user.name, '--', cmd, ...args]] : [cmd, args];
}

export function chownTree(user: OsUser | undefined, dir: string): void {
  if (user) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, dir]);
}
