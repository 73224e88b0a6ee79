import type { StackConfig } from '../lib/config/stack.ts';
import type { Logger } from '../lib/log/logger.ts';
import {
  down,
  kafkaPid,
  postgresPid,
  stackPaths,
  stopKafka,
  stopPostgres,
  type UpResult,
} from '../stack/index.ts';
import { withStackLock } from '../stack/lock.ts';

// The demo stops only what it started: a broker or database that ran before `pga demo` (another terminal's
// `pga up`, a test run, an external PGA_DATABASE_URL) is left running.

export interface StartedParts {
  kafka: boolean;
  postgres: boolean;
}

export function startedBy(result: UpResult): StartedParts {
  return { kafka: !result.kafka.alreadyRunning, postgres: !result.postgres.alreadyRunning };
}

/** Which parts run now; compared with a snapshot taken before `up` when `up` itself failed half-way. */
export function runningParts(cfg: StackConfig): StartedParts {
  return {
    kafka: kafkaPid(cfg) !== undefined,
    postgres: !cfg.externalDatabase && postgresPid(cfg) !== undefined,
  };
}

export function newlyRunning(before: StartedParts, now: StartedParts): StartedParts {
  return { kafka: now.kafka && !before.kafka, postgres: now.postgres && !before.postgres };
}

export async function stopStarted(cfg: StackConfig, started: StartedParts, log: Logger): Promise<void> {
  if (started.kafka && started.postgres) {
    await down(cfg, log);
    return;
  }
  if (!started.kafka && !started.postgres) {
    log.info('stack: Kafka and PostgreSQL were running before the demo; left running (pga down stops them)');
    return;
  }
  await withStackLock(stackPaths(cfg).lockFile, log, async () => {
    if (started.kafka) await stopKafka(cfg, log);
    if (started.postgres) await stopPostgres(cfg, log);
  });
  const kept = started.kafka ? 'PostgreSQL' : 'Kafka';
  log.info(`stack: ${kept} was running before the demo; left running`);
}
