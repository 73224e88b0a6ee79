import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes, PgaError } from '../lib/errors.ts';
import type { Logger } from '../lib/log/logger.ts';
import { isAlive, readPidFile, sleep } from './process-control.ts';

// One `pga up` or `pga down` at a time per PGA_HOME: several engineers (and `make test`) may run them at
// once, and two brokers racing for the same port and log folder would both fail. A lock left by a process
// that died is taken over.

const WAIT_MS = 300_000;

export async function withStackLock<T>(lockFile: string, log: Logger, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readPidFile(lockFile);
    if (holder === undefined || holder === process.pid || !isAlive(holder)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new PgaError(
        ErrorCodes.STACK_START_FAILED,
        `another pga up/down (pid ${holder}) holds ${lockFile}`,
      );
    }
    if (!announced) log.info(`waiting for another pga up/down (pid ${holder}) to finish`);
    announced = true;
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    if (readPidFile(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
  }
}
