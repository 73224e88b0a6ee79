// CRC-64-AVRO, the Rabin fingerprint of the Avro specification ("Schema Fingerprints"): the 64-bit
// fingerprint of a schema's Parsing Canonical Form that single-object encoding puts after `C3 01`,
// written little-endian.

const EMPTY = 0xc15d213aa4d7a795n;
const MASK = 0xffffffffffffffffn;

const TABLE: bigint[] = (() => {
  const table: bigint[] = [];
  for (let i = 0; i < 256; i++) {
    let fp = BigInt(i);
    for (let j = 0; j < 8; j++) fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n));
    table.push(fp & MASK);
  }
  return table;
})();

/** The fingerprint as an unsigned 64-bit bigint. */
export function crc64Avro(data: Uint8Array | string): bigint {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fp = EMPTY;
  for (const b of bytes) fp = (fp >> 8n) ^ (TABLE[Number((fp ^ BigInt(b)) & 0xffn)] as bigint);
  return fp;
}

/** The fingerprint as the 8-byte little-endian buffer used by single-object encoding. */
export function crc64AvroBuffer(data: Uint8Array | string): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(crc64Avro(data));
  return out;
}
