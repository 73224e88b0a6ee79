import net from 'node:net';
import { ErrorCodes, PgaError } from '../lib/errors.ts';

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Refuses to start a part on a port another program already holds, naming the variable that moves it. */
export async function ensurePortFree(port: number, variable: string, what: string): Promise<void> {
  if (!(await isPortOpen(port))) return;
  throw new PgaError(
    ErrorCodes.STACK_START_FAILED,
    `cannot start ${what}: 127.0.0.1:${port} is already in use by another program; set ${variable} to a free port`,
    { details: { port, variable } },
  );
}
