import { z } from 'zod';

// Field types shared by the collector configuration schema. Bounds live here so that every interval, size
// and name in the configuration is checked the same way (and the agent mirrors one table, not many).

/**
 * True when `s` holds a control character (C0, DEL, C1) other than those in `allowed`. A check rather than
 * a regex pattern, which OpenAPI would publish in a form other languages' regex engines do not share.
 */
export function hasControlCharacters(s: string, allowed = ''): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if ((c < 0x20 || (c >= 0x7f && c < 0xa0)) && !allowed.includes(ch)) return true;
  }
  return false;
}

export const MIN_INTERVAL_S = 1;
export const MAX_INTERVAL_S = 3600;

/** How often a plugin samples, in seconds (1 s – 1 h). */
export const intervalS = (def: number) =>
  z.number().int().min(MIN_INTERVAL_S).max(MAX_INTERVAL_S).default(def).meta({ description: 'seconds' });

/** A whole number in [min, max] with a default. */
export const boundedInt = (min: number, max: number, def: number) =>
  z.number().int().min(min).max(max).default(def);

/** The name of an environment variable on the agent's host (secrets are referenced, never stored). */
export const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'expected an environment variable name (letters, digits, _)');

/** An absolute path on the agent's host. */
export const absolutePath = z
  .string()
  .max(1024)
  .regex(/^\/[^\0\n\r]*$/, 'expected an absolute path (starting with /)');

/** A glob over names (`*` any run of characters, `?` one character), e.g. a database or mount point. */
export const namePattern = z
  .string()
  .min(1)
  .max(128)
  .refine((s) => !hasControlCharacters(s), 'expected a glob pattern without control characters');

export const patternList = (def: string[]) => z.array(namePattern).max(100).default(def);

/** Names of instances: short, stable, usable in file names and log lines. */
export const instanceName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/,
    'expected 1–63 letters, digits, _ . or - (starting with a letter or digit)',
  );

/** The monitored server's id as published in every batch envelope (and used as the Kafka key). */
export const serverId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,127}$/,
    'expected 1–128 letters, digits, _ . : @ / or - (starting with a letter or digit)',
  );

export const hostName = z
  .string()
  .regex(/^[A-Za-z0-9_]([A-Za-z0-9_.:-]{0,252})$/, 'expected a host name or IP address');

/** host:port of a Kafka broker. */
export const brokerAddress = z.string().regex(/^[A-Za-z0-9_.:[\]-]{1,253}:\d{1,5}$/, 'expected host:port');

export const KIB = 1024;
export const MIB = 1024 * KIB;
export const GIB = 1024 * MIB;

/** What libpq accepts as `host`: a name, an address, or a Unix-socket directory. */
export const pgHost = z
  .string()
  .regex(
    /^(\/[^\0\n\r]{0,1023}|[A-Za-z0-9_][A-Za-z0-9_.:-]{0,252})$/,
    'expected a host name, an IP address or a Unix-socket directory (absolute path)',
  );

/** A PostgreSQL database or role name (at most 63 bytes in PostgreSQL; no control characters). */
export const pgName = z
  .string()
  .min(1)
  .max(63)
  .refine((s) => !hasControlCharacters(s), 'expected a name without control characters');
