import { loadIngestConfig } from '../ingest/config.ts';
import { startIngest, type IngestHandle } from '../ingest/main.ts';
import type { Env } from '../lib/config/env.ts';
import type { Logger } from '../lib/log/logger.ts';
import { waitForRows } from './ingest-progress.ts';
import { fmtInt, rate, throttle, type Progress } from './progress.ts';

// The timed pipeline: from starting the ingest (consumer group join included) until every pre-produced
// statement row is committed in the database, as the ingest's own counter of committed rows reports it.

export interface PipelineResult {
  ingest: IngestHandle;
  seconds: number;
}

export async function runPipelinePhase(opts: {
  env: Env;
  rows: number;
  logger: Logger;
  progress: Progress;
  signal: AbortSignal;
}): Promise<PipelineResult> {
  const started = performance.now();
  const ingest = await startIngest(loadIngestConfig(opts.env), opts.logger);
  try {
    let written = 0;
    const report = throttle(2000, () => {
      const s = (performance.now() - started) / 1000;
      opts.progress(
        `pipeline  ${fmtInt(written)} / ${fmtInt(opts.rows)} rows, ${fmtInt(rate(written, s))} rows/s`,
      );
    });
    const done = await waitForRows({
      metrics: ingest.metrics,
      rows: opts.rows,
      signal: opts.signal,
      onPoll: (n) => {
        written = n;
        report();
      },
    });
    report(true);
    return { ingest, seconds: (done - started) / 1000 };
  } catch (err) {
    await ingest.stop().catch(() => undefined);
    throw err;
  }
}
