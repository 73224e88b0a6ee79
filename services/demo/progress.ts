// The progress block the demo prints every few seconds: what the simulated fleet produced, what the database
// holds (the busiest tables, the rest summed, the total), the rollups, and how far ingest is behind.

export interface ProgressSample {
  elapsedMs: number;
  /** Simulated servers and intervals so far (undefined before the first interval). */
  servers: number;
  intervals: number;
  batches: number;
  rowsProduced: number;
  /** Exact row count per table, or the reason the database could not be read this time. */
  rowsByTable: Record<string, number> | { error: string };
  /** Messages in Kafka not yet stored in the database (undefined: unknown). */
  lagMessages: number | undefined;
  /** Median time from a batch being produced to its rows being committed, seconds. */
  visibleP50Seconds: number | undefined;
}

const TOP_TABLES = 6;
const n = (x: number) => x.toLocaleString('en-US');
const count = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;
const isRollup = (table: string) => /_1[hd]$/.test(table);

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const mmss = `${Math.floor((s % 3600) / 60)}:${String(s % 60).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss.padStart(5, '0')}` : mmss;
}

function headline(s: ProgressSample): string {
  const produced =
    s.intervals === 0
      ? 'waiting for the first interval'
      : `produced ${count(s.intervals, 'interval', 'intervals')} × ${count(s.servers, 'server', 'servers')}: ` +
        `${count(s.batches, 'batch', 'batches')}, ${count(s.rowsProduced, 'row', 'rows')}`;
  const lag =
    s.lagMessages === undefined
      ? 'ingest lag unknown (Kafka or the database does not answer)'
      : `ingest lag ${count(s.lagMessages, 'message', 'messages')}`;
  const visible =
    s.visibleP50Seconds === undefined ? '' : ` · visible after ${s.visibleP50Seconds.toFixed(2)} s (p50)`;
  return `[${formatElapsed(s.elapsedMs)}] ${produced} · ${lag}${visible}`;
}

/** True when `counts` holds exactly the rows of `previous` (nothing arrived in between). */
export function unchanged(counts: ProgressSample['rowsByTable'], previous?: Record<string, number>): boolean {
  if (previous === undefined || 'error' in counts) return false;
  const keys = Object.keys(counts);
  return keys.length === Object.keys(previous).length && keys.every((k) => counts[k] === previous[k]);
}

/**
 * The block for `sample`; `previous` (the last sample's counts) gives the "new" column. When nothing arrived
 * since (the fleet samples less often than the block is printed), the block is its headline alone.
 */
export function formatProgress(sample: ProgressSample, previous?: Record<string, number>): string[] {
  const lines = [headline(sample)];
  const counts = sample.rowsByTable;
  if ('error' in counts) return [...lines, `       database not readable right now: ${String(counts.error)}`];
  if (unchanged(counts, previous)) return [`${lines[0]} · no new rows`];
  const raw = Object.entries(counts).filter(([t]) => !isRollup(t));
  raw.sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const added = (t: string, rows: number) => rows - (previous?.[t] ?? rows);
  const row = (label: string, rows: number, add: number) =>
    `       ${label.padEnd(26)} ${n(rows).padStart(12)} ${(previous ? `+${n(add)}` : '').padStart(10)}`.trimEnd();
  lines.push(
    `       ${'table'.padEnd(26)} ${'rows'.padStart(12)} ${(previous ? 'new' : '').padStart(10)}`.trimEnd(),
  );
  for (const [t, rows] of raw.slice(0, TOP_TABLES)) lines.push(row(t, rows, added(t, rows)));
  const rest = raw.slice(TOP_TABLES);
  if (rest.length > 0) {
    const sum = (f: (e: [string, number]) => number) => rest.reduce((acc, e) => acc + f(e), 0);
    lines.push(
      row(
        `${rest.length} more tables`,
        sum(([, r]) => r),
        sum(([t, r]) => added(t, r)),
      ),
    );
  }
  const total = raw.reduce((acc, [, r]) => acc + r, 0);
  lines.push(
    row(
      'total',
      total,
      raw.reduce((acc, [t, r]) => acc + added(t, r), 0),
    ),
  );
  const rollups = ['statements_1h', 'statements_1d'].filter((t) => counts[t] !== undefined);
  if (rollups.length > 0) {
    lines.push(`       rollups: ${rollups.map((t) => `${t} ${n(counts[t]!)}`).join(' · ')}`);
  }
  return lines;
}
