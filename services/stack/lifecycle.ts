import fs from 'node:fs';
import path from 'node:path';
import type { StackConfig } from '../lib/config/stack.ts';
import type { Logger } from '../lib/log/logger.ts';
import { redactUrl } from '../lib/log/logger.ts';
import { startKafka, stopKafka, type StartResult } from './kafka.ts';
import { withStackLock } from './lock.ts';
import { stackPaths } from './paths.ts';
import { startPostgres, stopPostgres, type PostgresStartResult } from './postgres.ts';
import { ensureTopics, type EnsureTopicsResult } from './topics.ts';
import { validateStackConfig } from './validate.ts';

// `pga up` and `pga down`. Up is idempotent: parts already running are detected (pid file + liveness) and left
// alone; PostgreSQL and Kafka start side by side, then the topics are reconciled. Down stops exactly what up
// started and never touches an external database.

export interface UpResult {
  kafka: StartResult;
  postgres: PostgresStartResult;
  topics: EnsureTopicsResult;
  seconds: number;
}

export async function up(cfg: StackConfig, log: Logger): Promise<UpResult> {
  validateStackConfig(cfg);
  const started = Date.now();
  const paths = stackPaths(cfg);
  return withStackLock(paths.lockFile, log, async () => {
    const [pgResult, kafkaResult] = await Promise.allSettled([startPostgres(cfg, log), startKafka(cfg, log)]);
    if (pgResult.status === 'rejected') throw pgResult.reason;
    if (kafkaResult.status === 'rejected') throw kafkaResult.reason;
    const topics = await ensureTopics(cfg, log);
    const seconds = (Date.now() - started) / 1000;
    for (const line of upSummary(cfg, seconds)) log.info(line);
    return { kafka: kafkaResult.value, postgres: pgResult.value, topics, seconds };
  });
}

export function upSummary(cfg: StackConfig, seconds: number): string[] {
  const paths = stackPaths(cfg);
  const rel = (p: string) => path.relative(process.cwd(), p) || '.';
  return [
    `stack is up (${seconds.toFixed(1)} s)`,
    `  Kafka bootstrap  ${cfg.kafkaBrokers.join(',')}  (topic prefix ${cfg.topicPrefix})`,
    `  PostgreSQL       ${redactUrl(cfg.databaseUrl)}${cfg.externalDatabase ? '  (external, PGA_DATABASE_URL)' : ''}`,
    `  data folder      ${paths.home}`,
    `  logs             ${[paths.kafkaServerLog, paths.kafkaConsoleLog, ...(cfg.externalDatabase ? [] : [paths.pgLog])].map(rel).join('  ')}`,
    '  stop with        pga down   (data is kept; pga down --purge deletes it)',
  ];
}

export interface DownOptions {
  /** Delete the broker's and the database's data after stopping them. */
  purge?: boolean;
  postgresMode?: 'fast' | 'immediate';
}

export async function down(cfg: StackConfig, log: Logger, opts: DownOptions = {}): Promise<void> {
  const paths = stackPaths(cfg);
  await withStackLock(paths.lockFile, log, async () => {
    await stopKafka(cfg, log);
    await stopPostgres(cfg, log, { mode: opts.postgresMode ?? 'fast' });
    if (opts.purge) {
      const doomed = [paths.kafkaDir, ...(cfg.externalDatabase ? [] : [paths.pgData, paths.pgRunDir])];
      for (const dir of doomed) fs.rmSync(dir, { recursive: true, force: true });
      log.info(`purged ${doomed.join(', ')}`);
    } else {
      log.info(`data kept in ${paths.home} (pga down --purge deletes it)`);
    }
  });
}
