import type { IngestBenchResult } from './ingest-bench.ts';
import { fmtInt } from './progress.ts';

/** The human form of the result: one aligned line per figure. */
export function formatIngestResult(r: IngestBenchResult): string[] {
  return [
    `rows                  ${fmtInt(r.rows)}`,
    `pipeline              ${fmtInt(r.pipeline_rows_per_s)} rows/s`,
    `raw COPY (psql)       ${fmtInt(r.raw_copy_rows_per_s)} rows/s`,
    `ratio                 ${r.ratio.toFixed(3)} (target ≥ 0.7)`,
    `p99 batch visible     ${r.p99_batch_visible_ms === null ? 'not measured' : `${fmtInt(r.p99_batch_visible_ms)} ms`}`,
  ];
}
