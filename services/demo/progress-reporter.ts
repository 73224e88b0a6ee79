import type { IngestMetrics } from '../ingest/metrics.ts';
import { errorMessage } from '../lib/errors.ts';
import type { SimulationSummary } from '../simulate/index.ts';
import type { Observer } from './observe.ts';
import { formatProgress, unchanged, type ProgressSample } from './progress.ts';

// Prints a progress block every `everyMs` while the demo runs. A block that is still being read when the
// next is due is not doubled; a database or broker that does not answer shows as such and the demo goes on.

export interface ProgressReporter {
  /** The final block, after the stop: printed unless it would repeat the one just printed. */
  report(): Promise<void>;
  /** Messages not yet in the database (undefined when it cannot be read). */
  lag(): Promise<number | undefined>;
  stop(): void;
}

export function startProgressReporter(deps: {
  everyMs: number;
  observer: Observer;
  metrics: IngestMetrics;
  produced: () => SimulationSummary | undefined;
  write: (line: string) => void;
}): ProgressReporter {
  const started = Date.now();
  let previous: Record<string, number> | undefined;
  let running: Promise<void> | undefined;

  const lag = () => deps.observer.lagMessages().catch(() => undefined);

  const read = async (): Promise<ProgressSample> => {
    const [counts, lagMessages, visible] = await Promise.all([
      deps.observer.rowsByTable().catch((err: unknown) => ({ error: errorMessage(err) })),
      lag(),
      deps.metrics.visibleSeconds.get(),
    ]);
    const p50 = visible.values.find((v) => v.labels.quantile === 0.5)?.value;
    const s = deps.produced();
    return {
      elapsedMs: Date.now() - started,
      servers: s?.servers ?? 0,
      intervals: s?.intervals ?? 0,
      batches: s?.messages ?? 0,
      rowsProduced: s?.rows ?? 0,
      rowsByTable: counts,
      lagMessages,
      visibleP50Seconds: p50 === undefined || Number.isNaN(p50) ? undefined : p50,
    };
  };

  let lastPrinted = 0;
  const print = async (final: boolean) => {
    const sample = await read();
    // The final block is left out when it would repeat the one just printed.
    if (final && Date.now() - lastPrinted < 2000 && unchanged(sample.rowsByTable, previous)) return;
    for (const line of formatProgress(sample, previous)) deps.write(line);
    lastPrinted = Date.now();
    if (!('error' in sample.rowsByTable)) previous = sample.rowsByTable;
  };
  const tick = () => {
    running ??= print(false)
      .catch(() => undefined)
      .finally(() => (running = undefined));
  };
  const report = async () => {
    await running;
    await print(true);
  };

  const timer = setInterval(tick, deps.everyMs);
  return { report, lag, stop: () => clearInterval(timer) };
}
