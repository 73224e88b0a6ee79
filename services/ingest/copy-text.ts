import { long, longAsNumber, Op, readLong, type RowOps } from './avro-rows.ts';
import { copyBytes, type RowEncoder } from './copy-writer.ts';
import type { TableLayout } from './table-layout.ts';

// COPY ... FROM STDIN in PostgreSQL's text format: columns separated by tabs, rows by newlines, NULL as \N,
// backslash, tab, newline and carriage return escaped with a backslash. Timestamps travel as Avro
// microseconds and are written as ISO-8601 UTC with six fractional digits.

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function escapeText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
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

/**
 * Compiles a row encoder for one table: (time text, server id, row) → one COPY text line. This is the object
 * path (rows decoded by avsc); the ingest writes from the Avro bytes instead (below), and the tests hold
 * the two to the same output.
 */
export function compileRowEncoder(
  layout: TableLayout,
): (timeText: string, serverId: string, row: Record<string, unknown>) => string {
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

// The same text, written from the Avro bytes of a row (avro-rows.ts) straight into a COPY chunk.

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;
/** Longest text of a non-string column: a long (20), a double (24) or a timestamp (32), plus its tab. */
const MAX_COLUMN_CHARS = 33;

/** `time` and `server_id` of every row of a batch, with their tab. */
export function textRowPrefix(timeText: string, serverId: string): Buffer {
  return Buffer.from(`${timeText}\t${escapeText(serverId)}`);
}

export function compileTextRowEncoder(row: RowOps): RowEncoder {
  const { ops, nullBranch } = row;
  const n = ops.length;
  const fixed = n * MAX_COLUMN_CHARS + 1;
  return (w, src, p, prefix) => {
    w.ensure(prefix.length + fixed);
    let buf = w.buf;
    let o = copyBytes(prefix, 0, prefix.length, buf, w.pos);
    for (let c = 0; c < n; c++) {
      buf[o++] = TAB;
      const nb = nullBranch[c] as number;
      if (nb >= 0 && (src[p++] as number) >>> 1 === nb) {
        buf[o++] = BACKSLASH;
        buf[o++] = 78; // N
        continue;
      }
      switch (ops[c]) {
        case Op.long:
          p = readLong(src, p);
          o = writeLong(buf, o);
          break;
        case Op.int:
          p = readLong(src, p);
          o = writeInteger(buf, o, long.lo | 0);
          break;
        case Op.double:
          o = writeAscii(buf, o, String(src.readDoubleLE(p)));
          p += 8;
          break;
        case Op.float:
          o = writeAscii(buf, o, String(src.readFloatLE(p)));
          p += 4;
          break;
        case Op.boolean:
          buf[o++] = src[p++] ? 116 : 102; // t, f
          break;
        case Op.string: {
          p = readLong(src, p);
          const start = p;
          p += long.lo;
          if (o + 2 * long.lo + fixed > buf.length) {
            w.pos = o;
            w.ensure(2 * long.lo + fixed);
            buf = w.buf;
          }
          o = writeEscaped(src, start, p, buf, o);
          break;
        }
        case Op.timestamp: {
          p = readLong(src, p);
          const n = longAsNumber();
          o = writeAscii(
            buf,
            o,
            microsToTimestamp(
              Number.isNaN(n) ? BigInt.asIntN(64, (BigInt(long.hi) << 32n) | BigInt(long.lo)) : n,
            ),
          );
          break;
        }
      }
    }
    buf[o++] = NEWLINE;
    w.pos = o;
    return p;
  };
}

function writeAscii(buf: Buffer, o: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[o++] = s.charCodeAt(i);
  return o;
}

/** Copies UTF-8 bytes, escaping backslash, tab, newline and carriage return. */
function writeEscaped(src: Buffer, start: number, end: number, dst: Buffer, o: number): number {
  for (let i = start; i < end; i++) {
    const b = src[i] as number;
    if (b > 13 && b !== BACKSLASH) {
      dst[o++] = b;
    } else if (b === BACKSLASH || b === TAB || b === NEWLINE || b === 13) {
      dst[o++] = BACKSLASH;
      dst[o++] = b === BACKSLASH ? BACKSLASH : b === TAB ? 116 : b === NEWLINE ? 110 : 114; // \\ t n r
    } else {
      dst[o++] = b;
    }
  }
  return o;
}

/** Writes a non-negative integer below 2^53 in decimal. */
function writeDigits(buf: Buffer, o: number, v: number): number {
  let len = 1;
  for (let t = 10; t <= v; t *= 10) len++;
  let p = o + len;
  while (v >= 10) {
    const q = Math.floor(v / 10);
    buf[--p] = 48 + (v - q * 10);
    v = q;
  }
  buf[--p] = 48 + v;
  return o + len;
}

function writeInteger(buf: Buffer, o: number, v: number): number {
  if (v < 0) {
    buf[o++] = 45; // -
    v = -v;
  }
  return writeDigits(buf, o, v);
}

/** Writes a 7-digit group, zero-padded. */
function writePadded7(buf: Buffer, o: number, v: number): number {
  for (let i = 6; i >= 0; i--) {
    const q = Math.floor(v / 10);
    buf[o + i] = 48 + (v - q * 10);
    v = q;
  }
  return o + 7;
}

/** Writes `long` (avro-rows.ts) in decimal, without BigInt: 64-bit values past 2^53 go in base-10^7 groups. */
function writeLong(buf: Buffer, o: number): number {
  let { hi, lo } = long;
  if (hi >= -0x200000 && hi < 0x200000) return writeInteger(buf, o, hi * 4294967296 + lo);
  if (hi < 0) {
    buf[o++] = 45; // -
    lo = (~lo + 1) >>> 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
  }
  // hi:lo as an unsigned 64-bit value ≥ 2^53, split into 24-bit limbs and regrouped in base 10^7
  // (the method of google-protobuf's joinUnsignedDecimalString).
  const low = lo & 0xffffff;
  const mid = ((lo >>> 24) | (hi << 8)) & 0xffffff;
  const high = (hi >>> 16) & 0xffff;
  let a = low + mid * 6777216 + high * 6710656;
  let b = mid + high * 8147497;
  let c = high * 2;
  const base = 10_000_000;
  if (a >= base) {
    b += Math.floor(a / base);
    a %= base;
  }
  if (b >= base) {
    c += Math.floor(b / base);
    b %= base;
  }
  if (c > 0) {
    o = writeDigits(buf, o, c);
    o = writePadded7(buf, o, b);
  } else {
    o = writeDigits(buf, o, b);
  }
  return writePadded7(buf, o, a);
}
