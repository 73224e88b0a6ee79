import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs `pga ingest` as a real child process, so tests can SIGKILL it like an operator's OOM killer would.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface IngestProcess {
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export function spawnIngest(env: Record<string, string>): IngestProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/pga.js'), 'ingest'], {
    cwd: ROOT,
    env: { ...process.env, PGA_INGEST_METRICS_PORT: '0', PGA_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    kill: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
