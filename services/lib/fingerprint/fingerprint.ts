import { createRequire } from 'node:module';
import { fingerprint as pgFingerprint } from 'libpg-query';

// Query identity across servers: the pg_query fingerprint of the normalised text, computed here and only
// here, with one pinned libpg-query version stored beside every fingerprint (two versions can disagree).

const require = createRequire(import.meta.url);
const pkg = require('libpg-query/package.json') as { version: string };

export const FINGERPRINT_VERSION = `libpg-query@${pkg.version}`;

/** The fingerprint, or null when the text does not parse (truncated text, a non-SQL utility line). */
export async function fingerprintQuery(query: string): Promise<string | null> {
  try {
    return await pgFingerprint(query);
  } catch {
    return null;
  }
}
