import { SchemaRegistry } from '../lib/avro/index.ts';
import { createKafka } from '../lib/kafka/client.ts';
import type { Logger } from '../lib/log/logger.ts';
import { simulate } from '../simulate/index.ts';
import { fmtInt, throttle, type Progress } from './progress.ts';

// Pre-produces the bulk: statement batches of a simulated fleet, backfilled as fast as the producer goes,
// until at least `rows` statement rows are in Kafka. The count is the simulator's own summary.

/** pg_stat_statements entries per simulated server: about 470 of them change in a given interval. */
export const STATEMENTS_PER_SERVER = 500;
const ROWS_PER_SERVER_INTERVAL = 450;
const MAX_SERVERS = 200;

export interface BulkPlan {
  servers: number;
  statements: number;
  /** Upper bound; production stops as soon as `rows` statement rows are produced. */
  intervals: number;
}

/** Enough servers to keep every partition busy, and about ten intervals or more. */
export function planBulk(rows: number): BulkPlan {
  const servers = Math.min(MAX_SERVERS, Math.max(6, Math.ceil(rows / ROWS_PER_SERVER_INTERVAL / 10)));
  const intervals = Math.ceil((2 * rows) / (servers * ROWS_PER_SERVER_INTERVAL)) + 2;
  return { servers, statements: STATEMENTS_PER_SERVER, intervals };
}

export interface ProducedBulk {
  statementRows: number;
  messages: number;
  bytes: number;
  seconds: number;
}

export async function produceBulk(opts: {
  rows: number;
  brokers: string[];
  topicPrefix: string;
  serverPrefix: string;
  logger: Logger;
  progress: Progress;
  signal: AbortSignal;
}): Promise<ProducedBulk> {
  const plan = planBulk(opts.rows);
  const enough = new AbortController();
  const stop = () => enough.abort();
  opts.signal.addEventListener('abort', stop, { once: true });
  let produced = 0;
  let perSecond = 0;
  const report = throttle(2000, () =>
    opts.progress(
      `produce   ${fmtInt(produced)} / ${fmtInt(opts.rows)} statement rows, ${fmtInt(perSecond)} rows/s`,
    ),
  );
  try {
    const summary = await simulate(
      {
        topicPrefix: opts.topicPrefix,
        families: ['statements'],
        servers: plan.servers,
        statements: plan.statements,
        intervalSeconds: 60,
        intervals: plan.intervals,
        serverPrefix: opts.serverPrefix,
        progressIntervalMs: 0,
      },
      {
        kafka: createKafka({
          brokers: opts.brokers,
          clientId: 'pga-bench-produce',
          logger: opts.logger,
          retries: 3,
        }),
        registry: SchemaRegistry.load(),
        logger: opts.logger,
        signal: enough.signal,
        onProgress: (s) => {
          produced = s.statementRows;
          perSecond = s.statementRowsPerSecond;
          if (produced >= opts.rows) enough.abort();
          report();
        },
      },
    );
    opts.signal.throwIfAborted();
    if (summary.statementRows < opts.rows) {
      throw new Error(
        `the simulator produced ${summary.statementRows} statement rows, fewer than the ${opts.rows} asked for`,
      );
    }
    produced = summary.statementRows;
    perSecond = summary.statementRowsPerSecond;
    report(true);
    return {
      statementRows: summary.statementRows,
      messages: summary.messages,
      bytes: summary.bytes,
      seconds: summary.elapsedMs / 1000,
    };
  } finally {
    opts.signal.removeEventListener('abort', stop);
  }
}
