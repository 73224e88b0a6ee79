import type { IngestMetrics } from '../ingest/metrics.ts';

// What the in-process ingest has done so far, read from its own metrics (no query on the database).

export async function statementRowsWritten(metrics: IngestMetrics): Promise<number> {
  const m = await metrics.rows.get();
  return m.values.find((v) => v.labels.table === 'statements')?.value ?? 0;
}

/** The p99 of (commit time − Kafka message timestamp) observed since the summary was last reset, in ms. */
export async function visibleP99Ms(metrics: IngestMetrics): Promise<number> {
  const m = await metrics.visibleSeconds.get();
  const p99 = m.values.find((v) => v.labels.quantile === 0.99)?.value;
  if (p99 === undefined || !Number.isFinite(p99))
    throw new Error('the ingest observed no batch in the live phase');
  return Math.round(p99 * 1000);
}

export interface WaitForRowsOptions {
  metrics: IngestMetrics;
  rows: number;
  signal: AbortSignal;
  /** Called every poll with the rows written so far. */
  onPoll?: (rows: number) => void;
  /** Fails when no row was written for this long. */
  stallMs?: number;
  pollMs?: number;
}

/** Resolves with performance.now() of the first poll that saw at least `rows` statement rows written. */
export async function waitForRows(o: WaitForRowsOptions): Promise<number> {
  const pollMs = o.pollMs ?? 50;
  const stallMs = o.stallMs ?? 120_000;
  let last = -1;
  let lastChange = performance.now();
  for (;;) {
    o.signal.throwIfAborted();
    const n = await statementRowsWritten(o.metrics);
    const now = performance.now();
    o.onPoll?.(n);
    if (n >= o.rows) return now;
    if (n !== last) {
      last = n;
      lastChange = now;
    } else if (now - lastChange > stallMs) {
      throw new Error(
        `the ingest wrote no statement row for ${stallMs / 1000} s (${n} of ${o.rows} written)`,
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
