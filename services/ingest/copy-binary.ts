import { long, Op, readLong, type RowOps } from './avro-rows.ts';
import { copyBytes, type RowEncoder } from './copy-writer.ts';

// COPY ... FROM STDIN (FORMAT binary), written from the Avro bytes of each row. The stream is a header
// (signature, flags, extension length), then per row a 16-bit column count and per column a 32-bit byte
// length (-1 for NULL) followed by the value in the type's send format, then a 16-bit -1. Values are
// big-endian: int8 and int4 as two's complement, float8/float4 as IEEE 754, bool one byte, text its UTF-8
// bytes, timestamptz int64 microseconds since 2000-01-01 UTC. PostgreSQL reads these without parsing
// text, which is cheaper for it than the text format, especially for doubles.
//
// The column types must match the table exactly (bigint, not integer): `binaryColumnType` gives the type
// each Avro type maps to by the schemas' convention, and the writer checks the table before using binary.

/** Signature `PGCOPY\n\377\r\n\0`, then 32-bit flags (0) and header extension length (0). */
export const BINARY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
export const BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/** PostgreSQL's epoch (2000-01-01) in Unix microseconds, as 32-bit halves. */
const PG_EPOCH_US = 946_684_800_000_000;
const EPOCH_HI = Math.floor(PG_EPOCH_US / 4294967296);
const EPOCH_LO = PG_EPOCH_US - EPOCH_HI * 4294967296;

/** The column type (as format_type() spells it) that each op is written for. */
export function binaryColumnType(op: (typeof Op)[keyof typeof Op]): string {
  switch (op) {
    case Op.long:
      return 'bigint';
    case Op.int:
      return 'integer';
    case Op.double:
      return 'double precision';
    case Op.float:
      return 'real';
    case Op.boolean:
      return 'boolean';
    case Op.string:
      return 'text';
    case Op.timestamp:
      return 'timestamp with time zone';
  }
}

/** `time` (timestamptz) and `server_id` (text) of every row of a batch, with their lengths. */
export function binaryRowPrefix(collectedAtMicros: number | bigint, serverId: string): Buffer {
  const id = Buffer.from(serverId);
  const out = Buffer.allocUnsafe(4 + 8 + 4 + id.length);
  out.writeInt32BE(8, 0);
  out.writeBigInt64BE(BigInt(collectedAtMicros) - BigInt(PG_EPOCH_US), 4);
  out.writeInt32BE(id.length, 12);
  id.copy(out, 16);
  return out;
}

function writeInt32(buf: Buffer, o: number, v: number): number {
  buf[o] = v >>> 24;
  buf[o + 1] = v >>> 16;
  buf[o + 2] = v >>> 8;
  buf[o + 3] = v;
  return o + 4;
}

export function compileBinaryRowEncoder(row: RowOps): RowEncoder {
  const { ops, nullBranch } = row;
  const n = ops.length;
  const columns = n + 2;
  const fixed = 2 + n * 12;
  return (w, src, p, prefix) => {
    w.ensure(prefix.length + fixed);
    let buf = w.buf;
    let o = w.pos;
    buf[o++] = columns >>> 8;
    buf[o++] = columns;
    o = copyBytes(prefix, 0, prefix.length, buf, o);
    for (let c = 0; c < n; c++) {
      const nb = nullBranch[c] as number;
      if (nb >= 0 && (src[p++] as number) >>> 1 === nb) {
        o = writeInt32(buf, o, -1);
        continue;
      }
      switch (ops[c]) {
        case Op.long:
          p = readLong(src, p);
          o = writeInt32(buf, o, 8);
          o = writeInt32(buf, o, long.hi);
          o = writeInt32(buf, o, long.lo);
          break;
        case Op.timestamp: {
          p = readLong(src, p);
          let lo = long.lo - EPOCH_LO;
          const borrow = lo < 0 ? 1 : 0;
          lo = lo >>> 0;
          o = writeInt32(buf, o, 8);
          o = writeInt32(buf, o, (long.hi - EPOCH_HI - borrow) | 0);
          o = writeInt32(buf, o, lo);
          break;
        }
        case Op.int:
          p = readLong(src, p);
          o = writeInt32(buf, o, 4);
          o = writeInt32(buf, o, long.lo);
          break;
        case Op.double:
          o = writeInt32(buf, o, 8);
          for (let i = 7; i >= 0; i--) buf[o++] = src[p + i] as number;
          p += 8;
          break;
        case Op.float:
          o = writeInt32(buf, o, 4);
          for (let i = 3; i >= 0; i--) buf[o++] = src[p + i] as number;
          p += 4;
          break;
        case Op.boolean:
          o = writeInt32(buf, o, 1);
          buf[o++] = src[p++] as number;
          break;
        case Op.string: {
          p = readLong(src, p);
          const len = long.lo;
          if (o + len + fixed > buf.length) {
            w.pos = o;
            w.ensure(len + fixed);
            buf = w.buf;
          }
          o = writeInt32(buf, o, len);
          o = copyBytes(src, p, p + len, buf, o);
          p += len;
          break;
        }
      }
    }
    w.pos = o;
    return p;
  };
}
