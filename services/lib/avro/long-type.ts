import avro from 'avsc';

// Avro longs decoded exactly. avsc's own long type refuses values beyond 2^53, but pg_stat_statements'
// queryid is a full signed 64-bit hash. This type reads a number when the value is a safe integer (the
// common, fast case) and a bigint otherwise; it writes either.

const TWO_52 = 2 ** 52;
const TWO_53 = 2 ** 53;
const MIN_LONG = -(2n ** 63n);
const MAX_LONG = 2n ** 63n - 1n;
const MASK_64 = 2n ** 64n - 1n;

/** The minimal slice of avsc's internal Tap used here (a buffer and a position). */
interface Tap {
  buf: Buffer;
  pos: number;
  writeLong(n: number): void;
}

export type AvroLong = number | bigint;

export function isAvroLong(val: unknown): val is AvroLong {
  if (typeof val === 'number') return Number.isSafeInteger(val);
  return typeof val === 'bigint' && val >= MIN_LONG && val <= MAX_LONG;
}

function readBigLong(tap: Tap, start: number): AvroLong {
  const buf = tap.buf;
  let pos = start;
  let zigzag = 0n;
  let shift = 0n;
  let b: number;
  do {
    b = buf[pos++] ?? 0;
    zigzag |= BigInt(b & 0x7f) << shift;
    shift += 7n;
  } while (b & 0x80 && shift < 70n);
  tap.pos = b & 0x80 ? buf.length + 1 : pos; // more than 10 bytes: invalid, reported as truncated
  const n = BigInt.asIntN(64, (zigzag >> 1n) ^ -(zigzag & 1n));
  return n >= -BigInt(Number.MAX_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

function writeBigLong(tap: Tap, n: bigint): void {
  let zigzag = ((n << 1n) ^ (n >> 63n)) & MASK_64;
  const buf = tap.buf;
  while (zigzag > 0x7fn) {
    buf[tap.pos++] = Number(zigzag & 0x7fn) | 0x80;
    zigzag >>= 7n;
  }
  buf[tap.pos++] = Number(zigzag);
}

class ExactLongType extends avro.types.LongType {
  // Same varint walk as avsc (float arithmetic past 28 bits); values whose zigzag form reaches 2^53 are
  // decoded again with BigInt from the start.
  _read(tap: Tap): AvroLong {
    const buf = tap.buf;
    const start = tap.pos;
    let pos = start;
    let b = buf[pos++] ?? 0;
    let n = b & 0x7f;
    let k = 7;
    while (b & 0x80 && k < 28) {
      b = buf[pos++] ?? 0;
      n |= (b & 0x7f) << k;
      k += 7;
    }
    if (!(b & 0x80)) {
      tap.pos = pos;
      return (n >>> 1) ^ -(n & 1);
    }
    let f = n >>> 0;
    let fk = 268435456; // 2^28
    do {
      b = buf[pos++] ?? 0;
      f += (b & 0x7f) * fk;
      fk *= 128;
    } while (b & 0x80 && fk < 2 ** 70);
    if (f >= TWO_53 || b & 0x80) return readBigLong(tap, start);
    tap.pos = pos;
    return (f % 2 ? -(f + 1) : f) / 2;
  }

  _write(tap: Tap, val: unknown): void {
    // avsc's writeLong is exact only while the zigzag form fits a double's 53 bits.
    if (typeof val === 'number' && Number.isSafeInteger(val)) {
      if (val > -TWO_52 && val < TWO_52) tap.writeLong(val);
      else writeBigLong(tap, BigInt(val));
    } else if (typeof val === 'bigint' && val >= MIN_LONG && val <= MAX_LONG) writeBigLong(tap, val);
    else throw new Error(`invalid "long": ${String(val)}`);
  }

  _check(val: unknown, _flags: unknown, hook?: (val: unknown, type: unknown) => void): boolean {
    const ok = isAvroLong(val);
    if (!ok && hook) hook(val, this);
    return ok;
  }

  _deref(): string {
    return 'long';
  }
}

// Presented to avsc as an "abstract" long (like LongType.__with types): unions then pick the branch with
// `_check`, so a bigint finds its ["null", "long"] branch, and resolution treats it as a long. Set on the
// prototype because avsc freezes primitive type instances in their constructor.
Object.assign(ExactLongType.prototype, { typeName: 'abstract:long', _concreteTypeName: 'long' });

/** One shared instance: avsc primitive types are stateless. */
export const exactLongType = new ExactLongType();

/**
 * avsc `typeHook` replacing every `long` (including `{"type":"long","logicalType":"timestamp-micros"}`,
 * which stays a plain number of microseconds) with the exact long type.
 */
export function exactLongHook(schema: unknown): avro.Type | undefined {
  if (schema === 'long') return exactLongType;
  if (
    typeof schema === 'object' &&
    schema !== null &&
    !Array.isArray(schema) &&
    (schema as { type?: unknown }).type === 'long'
  ) {
    return exactLongType;
  }
  return undefined;
}
