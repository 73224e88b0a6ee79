import { createHash } from 'node:crypto';

// A small in-process cache of serialised read responses, for the reads that come from the rollups.
//
// Why it is honest: a rollup changes only when it is refreshed (`pga maintain` every few minutes, or a
// TimescaleDB policy), and a rollup read's key holds the bucket-aligned range it covers, so two requests
// with the same key read the same buckets. An entry lives `ttlMs` (PGA_API_READ_CACHE_S), which bounds how
// much later than the refresh a client sees new data; each response says when it was computed
// (`generated_at`). Raw reads are never cached. Concurrent misses of one key share one database query.
//
// Bounded by entries and by bytes; least recently used entries go first. Failed loads are not cached.
// Each entry keeps its weak ETag, computed once instead of on every response that serves it.

export interface CacheResult {
  body: string;
  etag: string;
  hit: boolean;
}

interface Entry {
  body: string;
  etag: string;
  at: number;
}

export function weakEtag(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** The cached body of `key`, or the body `load` produces (stored unless the cache is off). */
  async get(key: string, load: () => Promise<string>): Promise<CacheResult> {
    if (!this.enabled) {
      this.misses++;
      const body = await load();
      return { body, etag: weakEtag(body), hit: false };
    }
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.at < this.ttlMs) {
      this.entries.delete(key); // re-inserted: most recently used last
      this.entries.set(key, entry);
      this.hits++;
      return { body: entry.body, etag: entry.etag, hit: true };
    }
    if (entry) this.remove(key, entry);
    let loading = this.pending.get(key);
    if (loading) {
      this.hits++;
      const shared = await loading;
      return { body: shared.body, etag: shared.etag, hit: true };
    }
    this.misses++;
    loading = (async () => {
      const body = await load();
      return { body, etag: weakEtag(body), at: this.now() };
    })();
    this.pending.set(key, loading);
    try {
      const fresh = await loading;
      this.store(key, fresh);
      return { body: fresh.body, etag: fresh.etag, hit: false };
    } finally {
      this.pending.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private store(key: string, entry: Entry): void {
    const size = entry.body.length;
    if (size > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.remove(k, e);
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.body.length;
  }
}
