import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnLogged, type LoggedProcess } from '../../support/child-process.ts';

// Runs `pga ingest` as a real child process, so tests can SIGKILL it like an operator's OOM killer would.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export type IngestProcess = LoggedProcess;

export function spawnIngest(env: Record<string, string>): IngestProcess {
  return spawnLogged(process.execPath, [path.join(ROOT, 'bin/pga.js'), 'ingest'], {
    cwd: ROOT,
    env: { ...process.env, PGA_INGEST_METRICS_PORT: '0', PGA_LOG_LEVEL: 'info', ...env },
  });
}
