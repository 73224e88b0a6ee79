import type { ApiBenchReport } from './api-bench.ts';
import { fmtInt } from './progress.ts';

/** The human form of an API bench report: the dataset, one line per run, then the result. */
export function formatApiReport(r: ApiBenchReport): string[] {
  const d = r.dataset;
  const pad = (s: string) => s.padEnd(26);
  return [
    `${pad('statement rows')}${fmtInt(d.rows)} (${d.start.toISOString()} – ${d.end.toISOString()})`,
    `${pad('load')}${d.loadSeconds.toFixed(1)} s rows, ${d.rollupSeconds.toFixed(1)} s rollups, ${d.vacuumSeconds.toFixed(1)} s vacuum`,
    `${pad('read cache')}${r.cacheS > 0 ? `${r.cacheS} s (PGA_API_READ_CACHE_S)` : 'off'}`,
    ...r.scenarios.map(
      (s) =>
        `${pad(s.name)}p50 ${s.p50Ms} ms  p99 ${s.p99Ms} ms  ${fmtInt(s.rps)} req/s  (${s.distinctRequests} distinct requests)` +
        (s.errors + s.non2xx > 0 ? `  FAILED ANSWERS: ${s.errors} errors, ${s.non2xx} non-2xx` : ''),
    ),
    `${pad('top_queries_24h_p99_ms')}${r.result.top_queries_24h_p99_ms} (target ≤ 100)`,
    `${pad('top_queries_30d_p99_ms')}${r.result.top_queries_30d_p99_ms} (target ≤ 200)`,
    `${pad('rps')}${fmtInt(r.result.rps)}`,
  ];
}
