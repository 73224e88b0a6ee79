import type { IngestHandle } from '../ingest/main.ts';
import { SchemaRegistry } from '../lib/avro/index.ts';
import type { createKafka } from '../lib/kafka/client.ts';
import type { Logger } from '../lib/log/logger.ts';
import { simulate, type SimulationSummary } from '../simulate/index.ts';
import type { Observer } from './observe.ts';
import type { DemoOptions } from './options.ts';
import { formatElapsed } from './progress.ts';
import { startProgressReporter, type ProgressReporter } from './progress-reporter.ts';

// The live part of the demo: the simulated fleet produces on a real timer while a progress block is printed
// every few seconds, until Ctrl-C/SIGTERM (`signal`) or --duration. Then the simulation flushes what it
// produced, ingest gets a short while to store it, and the final figures are printed.

/** How long the stop waits for ingest to store what the simulation produced before it stopped. */
const CATCH_UP_MS = 15_000;

export interface LiveRunDeps {
  opts: DemoOptions;
  kafka: ReturnType<typeof createKafka>;
  topicPrefix: string;
  ingest: IngestHandle;
  observer: Observer;
  logger: Logger;
  signal: AbortSignal;
  write: (line: string) => void;
  /** Receives the reporter as soon as it runs, so the caller can stop it whatever happens. */
  onReporter: (reporter: ProgressReporter) => void;
}

export async function runLive(deps: LiveRunDeps): Promise<void> {
  const { opts, signal, write } = deps;
  let produced: SimulationSummary | undefined;
  const reporter = startProgressReporter({
    everyMs: opts.progressSeconds * 1000,
    observer: deps.observer,
    metrics: deps.ingest.metrics,
    produced: () => produced,
    write,
  });
  deps.onReporter(reporter);
  const elapsed = new AbortController();
  const timer =
    opts.durationSeconds === undefined
      ? undefined
      : setTimeout(() => {
          write(`--duration ${opts.durationSeconds} s reached: stopping`);
          elapsed.abort();
        }, opts.durationSeconds * 1000);
  let summary: SimulationSummary;
  try {
    summary = await simulate(
      {
        servers: opts.servers,
        statements: opts.statements,
        intervalSeconds: opts.intervalSeconds,
        live: true,
        topicPrefix: deps.topicPrefix,
      },
      {
        kafka: deps.kafka,
        registry: SchemaRegistry.load(),
        logger: deps.logger,
        signal: AbortSignal.any([signal, elapsed.signal]),
        onProgress: (s) => (produced = s),
      },
    );
  } finally {
    clearTimeout(timer);
    reporter.stop();
  }
  produced = summary;

  write(
    `simulation stopped after ${summary.intervals} intervals; waiting for ingest to store what it produced`,
  );
  const deadline = Date.now() + CATCH_UP_MS;
  // A Ctrl-C during the wait (after --duration ended the run) ends the wait.
  const interrupted = signal.aborted;
  let lag = await reporter.lag();
  while (lag !== undefined && lag > 0 && Date.now() < deadline && signal.aborted === interrupted) {
    await new Promise((r) => setTimeout(r, 500));
    lag = await reporter.lag();
  }
  await reporter.report();
  const stored =
    lag === 0
      ? 'all of them stored'
      : `${lag === undefined ? 'an unknown number of' : lag.toLocaleString('en-US')} messages not stored yet ` +
        '(ingest stores them when it runs again)';
  write(
    `demo ran ${formatElapsed(summary.elapsedMs)}: ${summary.rows.toLocaleString('en-US')} rows produced, ${stored}`,
  );
}
