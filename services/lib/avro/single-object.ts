import { ErrorCodes, PgaError, PoisonMessageError } from '../errors.ts';
import type { SchemaEntry, SchemaRegistry } from './registry.ts';

// Avro single-object encoding: C3 01 | 8-byte little-endian CRC-64-AVRO fingerprint of the writer
// schema's Parsing Canonical Form | Avro binary body.

const MAGIC_0 = 0xc3;
const MAGIC_1 = 0x01;
export const SINGLE_OBJECT_HEADER_BYTES = 10;

export interface DecodedObject {
  /** The current (reader) schema of the message's stream: `value` has its shape. */
  entry: SchemaEntry;
  /** The schema the message was written with (equal to `entry` unless an older version). */
  writer: SchemaEntry;
  // Decoded Avro is dynamic: callers narrow it with the schema they asked for.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  value: any;
}

function invalidPaths(entry: SchemaEntry, value: unknown): string {
  const paths: string[] = [];
  entry.type.isValid(value, {
    errorHook: (path: string[], val: unknown) => {
      if (paths.length < 5)
        paths.push(
          `${path.join('.') || '(root)'}=${typeof val === 'bigint' ? `${val}n` : JSON.stringify(val)}`,
        );
    },
  });
  return paths.join(', ');
}

/** Encodes `value` with `entry` as writer schema. An invalid value is a programmer error (not poison). */
export function encodeSingleObject(entry: SchemaEntry, value: unknown): Buffer {
  let body: Buffer;
  try {
    body = entry.type.toBuffer(value);
  } catch (err) {
    throw new PgaError(
      ErrorCodes.ROWS_INVALID,
      `value does not match schema ${entry.name}: ${invalidPaths(entry, value)}`,
      {
        cause: err,
      },
    );
  }
  const out = Buffer.allocUnsafe(SINGLE_OBJECT_HEADER_BYTES + body.length);
  out[0] = MAGIC_0;
  out[1] = MAGIC_1;
  entry.fingerprint.copy(out, 2);
  body.copy(out, SINGLE_OBJECT_HEADER_BYTES);
  return out;
}

/** Decodes one single-object message; throws PoisonMessageError (AVRO_*) for a message that never will. */
export function decodeSingleObject(registry: SchemaRegistry, buf: Buffer): DecodedObject {
  if (buf.length < SINGLE_OBJECT_HEADER_BYTES || buf[0] !== MAGIC_0 || buf[1] !== MAGIC_1) {
    const head = buf.subarray(0, 2).toString('hex');
    throw new PoisonMessageError(
      ErrorCodes.AVRO_BAD_MAGIC,
      `not an Avro single-object message (${buf.length} bytes, starts with ${head || 'nothing'}; expected c301 + 8-byte fingerprint)`,
    );
  }
  const plan = registry.planFor(buf.readBigUInt64LE(2));
  if (!plan) {
    const hex = buf.subarray(2, SINGLE_OBJECT_HEADER_BYTES).toString('hex');
    throw new PoisonMessageError(
      ErrorCodes.AVRO_UNKNOWN_FINGERPRINT,
      `unknown writer schema fingerprint ${hex}`,
      {
        details: { fingerprint: hex },
      },
    );
  }
  let decoded: { value: unknown; offset: number };
  try {
    decoded = plan.reader.type.decode(buf, SINGLE_OBJECT_HEADER_BYTES, plan.resolver);
  } catch (err) {
    throw new PoisonMessageError(
      ErrorCodes.AVRO_DECODE_FAILED,
      `${plan.writer.name}: invalid Avro body (${String(err)})`,
      {
        cause: err,
        details: { schema: plan.writer.name, fingerprint: plan.writer.fingerprintHex },
      },
    );
  }
  if (decoded.offset < 0) {
    throw new PoisonMessageError(
      ErrorCodes.AVRO_DECODE_FAILED,
      `${plan.writer.name}: truncated Avro body (${buf.length} bytes)`,
      {
        details: { schema: plan.writer.name, fingerprint: plan.writer.fingerprintHex },
      },
    );
  }
  if (decoded.offset !== buf.length) {
    throw new PoisonMessageError(
      ErrorCodes.AVRO_DECODE_FAILED,
      `${plan.writer.name}: ${buf.length - decoded.offset} trailing bytes after the Avro body`,
      { details: { schema: plan.writer.name, fingerprint: plan.writer.fingerprintHex } },
    );
  }
  return { entry: plan.reader, writer: plan.writer, value: decoded.value };
}
