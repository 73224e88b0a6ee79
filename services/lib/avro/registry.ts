import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type avro from 'avsc';
import { ErrorCodes, PgaError } from '../errors.ts';
import { parseSchema, type TableSpec } from './parse-schema.ts';

export type { TableSpec };

/** The repository's schemas/ folder (this file is services/lib/avro/registry.ts). */
export const DEFAULT_SCHEMA_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export interface SchemaEntry {
  /** The stream name = file name without `.avsc`, e.g. `metrics.statements.v1`. */
  name: string;
  type: avro.Type;
  /** CRC-64-AVRO of `canonical`, 8 bytes little-endian (as in single-object encoding). */
  fingerprint: Buffer;
  /** Hex of `fingerprint`'s 8 bytes in wire order. */
  fingerprintHex: string;
  /** Parsing Canonical Form. */
  canonical: string;
  /** The parsed .avsc JSON, with docs and `pga.table` attributes. */
  raw: Record<string, unknown>;
  /** For batch schemas: each `pga.table` array field, its table and its row field names in order. */
  tables: TableSpec[];
}

/** How to read a message written with one writer schema: the current reader and, if they differ, a resolver. */
export interface DecodePlan {
  reader: SchemaEntry;
  writer: SchemaEntry;
  resolver: avro.Resolver | undefined;
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new PgaError(ErrorCodes.AVRO_SCHEMA_INVALID, `${file}: not valid JSON (${String(err)})`, {
      cause: err,
    });
  }
}

function entryOf(name: string, raw: Record<string, unknown>, source: string): SchemaEntry {
  return { name, raw, ...parseSchema(raw, source) };
}

/**
 * The current schema of every stream (schemas/<name>.avsc) plus older writer schemas of the same streams
 * (schemas/fixtures/<name>/v<k>.avsc and any registered with `registerWriter`). A message is looked up by
 * its writer fingerprint and always decoded into the current reader schema of its stream.
 */
export class SchemaRegistry {
  private readonly current = new Map<string, SchemaEntry>();
  private readonly plans = new Map<bigint, DecodePlan>();

  /** Reads every `<dir>/*.avsc` and, as older writers, `<dir>/fixtures/<name>/*.avsc`. Synchronous. */
  static load(dir: string = DEFAULT_SCHEMA_DIR): SchemaRegistry {
    const registry = new SchemaRegistry();
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.avsc'))
      .sort();
    if (files.length === 0) {
      throw new PgaError(ErrorCodes.AVRO_SCHEMA_INVALID, `no .avsc files in ${dir}`);
    }
    for (const file of files) {
      const path = join(dir, file);
      registry.add(entryOf(file.slice(0, -'.avsc'.length), readJson(path), path));
    }
    const history = join(dir, 'fixtures');
    if (existsSync(history)) {
      for (const name of readdirSync(history).sort()) {
        const sub = join(history, name);
        if (!statSync(sub).isDirectory() || !registry.current.has(name)) continue;
        for (const file of readdirSync(sub)
          .filter((f) => f.endsWith('.avsc'))
          .sort()) {
          registry.registerWriter(name, readJson(join(sub, file)));
        }
      }
    }
    return registry;
  }

  /** A registry of the given current schemas (name → .avsc JSON), for tests and tools. */
  static fromSchemas(schemas: Record<string, Record<string, unknown>>): SchemaRegistry {
    const registry = new SchemaRegistry();
    for (const [name, raw] of Object.entries(schemas)) registry.add(entryOf(name, raw, name));
    return registry;
  }

  private add(entry: SchemaEntry): void {
    if (this.current.has(entry.name)) {
      throw new PgaError(ErrorCodes.AVRO_SCHEMA_INVALID, `schema ${entry.name} defined twice`);
    }
    const key = entry.fingerprint.readBigUInt64LE(0);
    const clash = this.plans.get(key);
    if (clash) {
      throw new PgaError(
        ErrorCodes.AVRO_SCHEMA_INVALID,
        `schemas ${clash.reader.name} and ${entry.name} have the same canonical form (fingerprint ${entry.fingerprintHex})`,
      );
    }
    this.current.set(entry.name, entry);
    this.plans.set(key, { reader: entry, writer: entry, resolver: undefined });
  }

  /**
   * Registers an older writer schema of stream `name` (e.g. a golden fixture's frozen schema). Fails at
   * once, with avsc's reason, when the current reader cannot resolve it.
   */
  registerWriter(name: string, raw: Record<string, unknown>): SchemaEntry {
    const reader = this.byName(name);
    const writer = entryOf(name, raw, `${name} (writer)`);
    const key = writer.fingerprint.readBigUInt64LE(0);
    const known = this.plans.get(key);
    if (known) {
      if (known.reader.name !== name) {
        throw new PgaError(
          ErrorCodes.AVRO_SCHEMA_INVALID,
          `writer schema ${writer.fingerprintHex} already belongs to ${known.reader.name}`,
        );
      }
      return known.writer;
    }
    let resolver: avro.Resolver;
    try {
      resolver = reader.type.createResolver(writer.type);
    } catch (err) {
      throw new PgaError(
        ErrorCodes.AVRO_SCHEMA_INVALID,
        `${name}: current schema cannot read writer ${writer.fingerprintHex}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
    this.plans.set(key, { reader, writer, resolver });
    return writer;
  }

  /** The current schema of a stream; throws for an unknown name. */
  byName(name: string): SchemaEntry {
    const entry = this.current.get(name);
    if (!entry) {
      throw new PgaError(
        ErrorCodes.AVRO_SCHEMA_INVALID,
        `unknown schema "${name}" (known: ${[...this.current.keys()].join(', ')})`,
      );
    }
    return entry;
  }

  /** The writer schema (current or older) with this 8-byte little-endian fingerprint. */
  byFingerprint(fp: Buffer): SchemaEntry | undefined {
    if (fp.length !== 8) return undefined;
    return this.plans.get(fp.readBigUInt64LE(0))?.writer;
  }

  /** How to decode a message whose header carries this fingerprint (read as a little-endian u64). */
  planFor(fingerprint: bigint): DecodePlan | undefined {
    return this.plans.get(fingerprint);
  }

  /** The current schemas, sorted by name. */
  all(): SchemaEntry[] {
    return [...this.current.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every known writer schema (current and older), for tools that list what can be read. */
  writers(): SchemaEntry[] {
    return [...this.plans.values()].map((p) => p.writer);
  }
}
