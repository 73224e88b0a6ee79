import type { TableLayout } from './table-layout.ts';

// COPY ... FROM STDIN in PostgreSQL's text format: columns separated by tabs, rows by newlines, NULL as \N,
// backslash, tab, newline and carriage return escaped with a backslash. Timestamps travel as Avro
// microseconds and are written as ISO-8601 UTC with six fractional digits.

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function escapeText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function microsToTimestamp(micros: number | bigint): string {
  const m = typeof micros === 'bigint' ? micros : BigInt(Math.trunc(micros));
  let ms = m / 1000n;
  let frac = m % 1000n;
  if (frac < 0n) {
    frac += 1000n;
    ms -= 1n;
  }
  const iso = new Date(Number(ms)).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${frac.toString().padStart(3, '0')}+00`;
}

type Formatter = (v: unknown) => string;

const formatters: Record<TableLayout['columns'][number]['kind'], Formatter> = {
  string: (v) => escapeText(v as string),
  number: (v) => String(v),
  boolean: (v) => (v ? 't' : 'f'),
  timestamp: (v) => microsToTimestamp(v as number | bigint),
};

/** Compiles a row encoder for one table: (time text, server id, row) → one COPY text line. */
export function compileRowEncoder(layout: TableLayout): (timeText: string, serverId: string, row: Record<string, unknown>) => string {
  const cols = layout.columns.slice(2).map((c) => ({ name: c.name, fmt: formatters[c.kind] }));
  return (timeText, serverId, row) => {
    let line = `${timeText}\t${escapeText(serverId)}`;
    for (const c of cols) {
      const v = row[c.name];
      line += v === null || v === undefined ? '\t\\N' : `\t${c.fmt(v)}`;
    }
    return `${line}\n`;
  };
}
