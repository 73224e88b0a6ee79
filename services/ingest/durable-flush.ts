import type { Logger } from '../lib/log/logger.ts';
import type { Pool } from '../lib/db/pool.ts';
import { errorMessage } from '../lib/errors.ts';
import { backoffDelay, sleep } from '../lib/retry/backoff.ts';
import { classifyDbError } from '../lib/retry/classify-db-error.ts';
import {
  writeContributions,
  type PartitionContribution,
  type PoisonRecord,
  type WriteResult,
} from './batch-writer.ts';
import type { CopyFormat } from './copy-format.ts';
import type { FingerprintCache } from './fingerprint-cache.ts';
import type { IngestMetrics } from './metrics.ts';

// A flush that does not give up: transient failures (database restarting, broker away while dead letters
// are sent) are retried with capped jittered backoff, while the consumer stays paused — nothing is
// fetched meanwhile, nothing is buffered without bound, nothing is lost. Only shutdown stops it.

export class ShutdownError extends Error {
  constructor() {
    super('ingest is shutting down');
  }
}

export interface DurableFlushDeps {
  pool: Pool;
  copyFormat: CopyFormat;
  group: string;
  logger: Logger;
  metrics: IngestMetrics;
  fingerprints: FingerprintCache;
  sendDeadLetters: (poison: PoisonRecord[]) => Promise<void>;
  /** Called after each commit (to commit offsets to Kafka for lag monitoring; best effort). */
  afterCommit: (group: PartitionContribution[], result: WriteResult) => Promise<void>;
  setPaused: (paused: boolean) => void;
  signal: AbortSignal;
}

export function createDurableFlush(deps: DurableFlushDeps) {
  const { logger, metrics } = deps;
  return async function flush(group: PartitionContribution[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (deps.signal.aborted) throw new ShutdownError();
      const started = process.hrtime.bigint();
      try {
        const result = await writeContributions(deps.pool, group, {
          group: deps.group,
          fingerprints: deps.fingerprints.map,
          beforeCommit: deps.sendDeadLetters,
          copyFormat: deps.copyFormat,
        });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        record(result, group, seconds, metrics);
        if (attempt > 0) {
          deps.setPaused(false);
          logger.info({ attempt }, 'writes resumed');
        }
        await deps
          .afterCommit(group, result)
          .catch((err: unknown) =>
            logger.debug(
              { err: errorMessage(err) },
              'offset commit to Kafka skipped (database holds the truth)',
            ),
          );
        return;
      } catch (err) {
        const kind = classifyDbError(err);
        metrics.retries.inc({ kind });
        if (attempt === 0) deps.setPaused(true);
        const delay = backoffDelay(attempt, { baseMs: 200, capMs: kind === 'fatal' ? 30_000 : 5_000 });
        const msg =
          kind === 'fatal'
            ? 'write failed and will not succeed by itself (run `pga migrate`? check the database log); retrying'
            : 'write failed (database or Kafka unavailable); consumption paused, retrying';
        (kind === 'fatal' ? logger.error : logger.warn).call(
          logger,
          { err: errorMessage(err), attempt, delayMs: delay },
          msg,
        );
        await sleep(delay, deps.signal);
      }
    }
  };
}

function record(
  result: WriteResult,
  group: PartitionContribution[],
  seconds: number,
  metrics: IngestMetrics,
) {
  metrics.commits.inc();
  metrics.commitSeconds.observe(seconds);
  metrics.batches.inc(result.batches);
  for (const [table, n] of result.rowsByTable) metrics.rows.inc({ table }, n);
  for (const p of result.poison) metrics.deadLetters.inc({ reason: p.reason });
  if (result.skippedOffsets) metrics.skipped.inc({ why: 'offset' }, result.skippedOffsets);
  if (result.duplicateBatches) metrics.skipped.inc({ why: 'ledger' }, result.duplicateBatches);
  const now = Date.now();
  for (const c of group)
    for (const b of c.batches) metrics.visibleSeconds.observe((now - b.producedAtMs) / 1000);
}
