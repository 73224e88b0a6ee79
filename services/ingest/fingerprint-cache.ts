import { fingerprintQuery } from '../lib/fingerprint/fingerprint.ts';

// Fingerprints of query texts, computed before the write transaction (libpg-query is asynchronous) and
// kept for reuse: the same normalised text arrives from every server that runs it.
export class FingerprintCache {
  readonly map = new Map<string, string | null>();

  constructor(private readonly maxEntries = 100_000) {}

  async ensure(queries: Iterable<string>): Promise<void> {
    for (const q of queries) {
      if (this.map.has(q)) continue;
      if (this.map.size >= this.maxEntries) this.map.delete(this.map.keys().next().value as string);
      this.map.set(q, await fingerprintQuery(q));
    }
  }
}
