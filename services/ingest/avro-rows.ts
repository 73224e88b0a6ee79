import { isUtf8 } from 'node:buffer';

// The row arrays of a batch, read straight from the Avro bytes: no JS object per row, no string per value.
// A schema's row record compiles to one op per column; `scanRows` walks an encoded array once to check it
// (the checks below are stricter than avsc's: anything unexpected sends the message to the avsc path,
// which either reads it or names why it is poison), and the COPY encoders walk it again while streaming.
//
// Avro binary (specification 1.11): long and int are zigzag varints; double/float are 8/4 bytes
// little-endian; boolean one byte; string a long length then UTF-8 bytes; a ["null", T] union a long
// branch index then T; an array a sequence of blocks (long count, negative when followed by the block's
// byte size), ended by a count of 0.

export const Op = { long: 0, int: 1, double: 2, float: 3, boolean: 4, string: 5, timestamp: 6 } as const;
export type OpCode = (typeof Op)[keyof typeof Op];

export interface RowOps {
  names: string[];
  ops: OpCode[];
  /** Branch index of null in the column's union, or -1 when the column is not nullable. */
  nullBranch: number[];
}

type AvroSchema = string | AvroSchema[] | { type: AvroSchema; logicalType?: string; [k: string]: unknown };

function opOf(name: string, t: AvroSchema): OpCode {
  if (typeof t === 'object' && !Array.isArray(t)) {
    if (t.logicalType === 'timestamp-micros' && t.type === 'long') return Op.timestamp;
    return opOf(name, t.type);
  }
  if (typeof t === 'string' && t in Op && t !== 'timestamp') return Op[t as keyof typeof Op];
  throw new Error(`column ${name}: no COPY encoding for Avro type ${JSON.stringify(t)}`);
}

/** Compiles the ops of a row record schema (the `items` of a `pga.table` array field). */
export function compileRowOps(fields: Array<{ name: string; type: AvroSchema }>): RowOps {
  const out: RowOps = { names: [], ops: [], nullBranch: [] };
  for (const f of fields) {
    let t = f.type;
    let nullBranch = -1;
    if (Array.isArray(t)) {
      nullBranch = t.indexOf('null');
      const other = t.filter((b) => b !== 'null');
      if (t.length !== 2 || nullBranch < 0 || other.length !== 1) {
        throw new Error(`column ${f.name}: only ["null", T] unions are supported`);
      }
      t = other[0] as AvroSchema;
    }
    out.names.push(f.name);
    out.ops.push(opOf(f.name, t));
    out.nullBranch.push(nullBranch);
  }
  return out;
}

// Results of readLong (two 32-bit halves of the signed value), kept in module state to allocate nothing.
export const long = { lo: 0, hi: 0 };

/** Reads a zigzag long at `pos` into `long`; returns the position after it. The bytes must be valid. */
export function readLong(buf: Buffer, pos: number): number {
  let b = buf[pos++] as number;
  let lo = b & 0x7f;
  let hi = 0;
  if (b & 0x80) {
    b = buf[pos++] as number;
    lo |= (b & 0x7f) << 7;
    if (b & 0x80) {
      b = buf[pos++] as number;
      lo |= (b & 0x7f) << 14;
      if (b & 0x80) {
        b = buf[pos++] as number;
        lo |= (b & 0x7f) << 21;
        if (b & 0x80) {
          b = buf[pos++] as number;
          lo |= (b & 0x0f) << 28;
          hi = (b & 0x7f) >> 4;
          let shift = 3;
          while (b & 0x80) {
            b = buf[pos++] as number;
            hi |= (b & 0x7f) << shift;
            shift += 7;
          }
        }
      }
    }
  }
  const sign = -(lo & 1);
  long.lo = (((lo >>> 1) | (hi << 31)) ^ sign) >>> 0;
  long.hi = (hi >>> 1) ^ sign;
  return pos;
}

/** `long` as a number when it is a safe integer, otherwise NaN. */
export function longAsNumber(): number {
  const { hi, lo } = long;
  return hi >= -0x200000 && hi < 0x200000 ? hi * 4294967296 + lo : NaN;
}

/** Skips a varint; -1 when it runs past `end`, is longer than `maxBytes` or its last byte exceeds `lastMax`. */
function skipVarint(buf: Buffer, pos: number, end: number, maxBytes: number, lastMax: number): number {
  const stop = Math.min(end, pos + maxBytes);
  for (let i = pos; i < stop; i++) {
    const b = buf[i] as number;
    if (!(b & 0x80)) return i - pos === maxBytes - 1 && b > lastMax ? -1 : i + 1;
  }
  return -1;
}

/** Reads a long after checking its bytes; returns the position after it (value in `long`) or -1. */
function readCheckedLong(buf: Buffer, pos: number, end: number): number {
  const next = skipVarint(buf, pos, end, 10, 1);
  if (next >= 0) readLong(buf, pos);
  return next;
}

function isAscii(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((buf[i] as number) & 0x80) return false;
  return true;
}

/**
 * Checks the array encoded at `pos` against `row`: every value readable, unions with a known branch,
 * booleans 0 or 1, ints within 32 bits, strings valid UTF-8. Returns the row count and leaves the end
 * position in `scanned.end`, or returns -1.
 */
export function scanRows(buf: Buffer, pos: number, row: RowOps): number {
  const { ops, nullBranch } = row;
  const end = buf.length;
  let rows = 0;
  for (;;) {
    pos = readCheckedLong(buf, pos, end);
    if (pos < 0) return -1;
    let count = longAsNumber();
    if (count === 0) {
      scanned.end = pos;
      return rows;
    }
    if (count < 0) {
      count = -count;
      pos = skipVarint(buf, pos, end, 10, 1); // the block's size in bytes
      if (pos < 0) return -1;
    }
    // Every row takes at least one byte: a larger count is corrupt (or would loop for minutes).
    if (!(count <= end - pos)) return -1;
    rows += count;
    for (let r = 0; r < count; r++) {
      for (let c = 0; c < ops.length; c++) {
        const nb = nullBranch[c] as number;
        if (nb >= 0) {
          if (pos >= end) return -1;
          const branch = buf[pos++] as number;
          if (branch !== 0 && branch !== 2) return -1;
          if (branch >>> 1 === nb) continue;
        }
        switch (ops[c]) {
          case Op.long:
          case Op.timestamp:
            pos = skipVarint(buf, pos, end, 10, 1);
            break;
          case Op.int:
            pos = skipVarint(buf, pos, end, 5, 0x0f);
            break;
          case Op.double:
            pos = pos + 8 <= end ? pos + 8 : -1;
            break;
          case Op.float:
            pos = pos + 4 <= end ? pos + 4 : -1;
            break;
          case Op.boolean:
            pos = pos < end && (buf[pos] as number) <= 1 ? pos + 1 : -1;
            break;
          case Op.string: {
            const start = readCheckedLong(buf, pos, end);
            if (start < 0) return -1;
            const len = longAsNumber();
            if (!(len >= 0 && len <= end - start)) return -1;
            pos = start + len;
            if (!isAscii(buf, start, pos) && !isUtf8(buf.subarray(start, pos))) return -1;
            break;
          }
        }
        if (pos < 0) return -1;
      }
    }
  }
}

export const scanned = { end: 0 };
