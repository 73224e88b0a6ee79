// The output side of the COPY encoders: bytes written straight into a Buffer that is handed to the
// COPY stream when it is full enough. A chunk is never reused once taken (the socket may still hold it).

export class ChunkWriter {
  buf: Buffer;
  pos = 0;

  constructor(private readonly size = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for `n` more bytes (callers reload `buf` afterwards). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** True when the chunk should be sent before more rows are written. */
  get full(): boolean {
    return this.pos >= this.size - 16 * 1024;
  }

  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.size);
    this.pos = 0;
    return out;
  }
}

/** Encodes one Avro row at `pos` of `src` into `w` after the row's `prefix`; returns the next Avro position. */
export type RowEncoder = (w: ChunkWriter, src: Buffer, pos: number, prefix: Buffer) => number;

/** Copies src[start, end) to dst at `o`; returns the position after it. Short runs avoid the native call. */
export function copyBytes(src: Buffer, start: number, end: number, dst: Buffer, o: number): number {
  if (end - start > 32) return o + src.copy(dst, o, start, end);
  for (let i = start; i < end; i++) dst[o++] = src[i] as number;
  return o;
}
