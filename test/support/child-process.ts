import { spawn, type ChildProcess } from 'node:child_process';

// A real child process whose output is kept (the last few hundred kB) and that a test can signal like an
// operator would: SIGTERM for a clean stop, SIGKILL for a crash. `kill` resolves with the exit code.

export interface LoggedProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export function spawnLogged(
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; keepBytes?: number },
): LoggedProcess {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keepBytes = opts.keepBytes ?? 200_000;
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > keepBytes) out = out.slice(-keepBytes / 2);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    kill: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
