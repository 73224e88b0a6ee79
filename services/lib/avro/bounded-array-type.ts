import avro from 'avsc';

/** The minimal slice of avsc's internal Tap used here. */
interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  skipLong(): void;
}

interface ItemsType {
  _read(tap: Tap): unknown;
}

// avsc's array reader trusts the block count: a corrupt count of a few billion makes it loop over reads
// past the end of the buffer for minutes. Every array item of our schemas is a record with at least one
// field, so it takes at least one byte: a count larger than the bytes left is corrupt. The position is
// then moved past the end, which `Type#decode` reports as truncated.
class BoundedArrayType extends avro.types.ArrayType {
  _read(tap: Tap): unknown[] {
    const items = (this as unknown as { itemsType: ItemsType }).itemsType;
    let val: unknown[] | undefined;
    let i = 0;
    let n: number;
    while ((n = tap.readLong())) {
      if (n < 0) {
        n = -n;
        tap.skipLong(); // block size in bytes
      }
      if (n > tap.buf.length - tap.pos) {
        tap.pos = tap.buf.length + 1;
        return [];
      }
      val ??= new Array<unknown>(n); // sized on the first block, as avsc does
      while (n--) val[i++] = items._read(tap);
    }
    return val ?? [];
  }
}

export function boundedArrayHook(schema: unknown, opts: unknown): avro.Type | undefined {
  if (typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'array') {
    return new BoundedArrayType(schema as avro.Schema, opts);
  }
  return undefined;
}
