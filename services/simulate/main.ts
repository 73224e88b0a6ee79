import { SchemaRegistry } from '../lib/avro/index.ts';
import { loadStackConfig } from '../lib/config/stack.ts';
import { createKafka } from '../lib/kafka/client.ts';
import { createLogger } from '../lib/log/logger.ts';
import { formatSummary } from './format-summary.ts';
import { simulate, type SimulateOptions } from './simulate.ts';
import type { SimulationSummary } from './summary.ts';

// `pga simulate` wiring: reads the stack configuration, builds the Kafka client and schema registry, stops
// cleanly on SIGINT/SIGTERM (what was produced is flushed and summarised), prints progress and the summary.

export interface RunSimulationOptions extends Omit<SimulateOptions, 'topicPrefix'> {
  /** Overrides PGA_TOPIC_PREFIX. */
  topicPrefix?: string;
  json?: boolean;
}

export async function runSimulation(opts: RunSimulationOptions): Promise<SimulationSummary> {
  const stack = loadStackConfig();
  // Progress goes to stderr as plain lines; JSON logs only for warnings unless PGA_LOG_LEVEL asks for more.
  const logger = createLogger('simulate', process.env.PGA_LOG_LEVEL ?? 'warn');
  const registry = SchemaRegistry.load();
  const kafka = opts.dryRun
    ? undefined
    : createKafka({ brokers: stack.kafkaBrokers, clientId: 'pga-simulate', logger, retries: 3 });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const total =
    opts.durationSeconds !== undefined
      ? Math.ceil(opts.durationSeconds / opts.intervalSeconds)
      : opts.intervals;
  try {
    const summary = await simulate(
      { ...opts, topicPrefix: opts.topicPrefix ?? stack.topicPrefix },
      {
        kafka,
        registry,
        logger,
        signal: controller.signal,
        onProgress: (s) =>
          process.stderr.write(
            `interval ${s.intervals}${total ? `/${total}` : ''}: ${s.messages.toLocaleString('en-US')} messages, ` +
              `${s.rows.toLocaleString('en-US')} rows, ${s.rowsPerSecond.toLocaleString('en-US')} rows/s\n`,
          ),
      },
    );
    if (opts.json) console.log(JSON.stringify(summary, null, 2));
    else for (const line of formatSummary(summary)) console.log(line);
    return summary;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
