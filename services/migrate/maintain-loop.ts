import type { Logger } from '../lib/log/logger.ts';
import { errorMessage } from '../lib/errors.ts';
import { withDatabase } from './connect.ts';
import { maintain, type MaintainOptions, type MaintainResult } from './maintain.ts';

// `pga maintain` without --once: a round every `intervalS` seconds, each on a fresh connection, until
// stop() is called (SIGTERM/SIGINT). A failed round is logged and the next one tried; the loop never
// runs two rounds at once.

export interface MaintainLoop {
  stop(): Promise<void>;
  /** Resolves when the loop has ended. */
  done: Promise<void>;
}

export function summarizeRound(r: MaintainResult): Record<string, unknown> {
  return {
    mode: r.mode,
    partitionsCreated: r.partitionsCreated.length,
    partitionsDropped: r.partitionsDropped,
    ledgerEntriesPruned: r.ledgerEntriesPruned,
    refreshedFrom: r.refreshed[0]?.from.toISOString(),
  };
}

export function startMaintainLoop(
  databaseUrl: string,
  opts: Omit<MaintainOptions, 'now'> & { intervalS: number },
  logger: Logger,
): MaintainLoop {
  let stopping = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const done = (async () => {
    while (!stopping) {
      const started = Date.now();
      try {
        const result = await withDatabase(databaseUrl, (db) => maintain(db, opts));
        logger.info(
          { ...summarizeRound(result), durationMs: Date.now() - started },
          'maintenance round done',
        );
      } catch (err) {
        logger.error({ err: errorMessage(err) }, 'maintenance round failed; retrying at the next interval');
      }
      if (!stopping) await sleep(opts.intervalS * 1000);
    }
  })();

  return {
    done,
    async stop() {
      stopping = true;
      wake?.();
      await done;
    },
  };
}
