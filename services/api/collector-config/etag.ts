import { createHash } from 'node:crypto';

// Entity tags of configuration versions, and the If-Match / If-None-Match comparisons (RFC 9110 §13.1).
//
// A tag is `"<version>-<hash>"`: the version makes every version's tag distinct (so If-Match guards against
// any intervening write, even one that restored the same content), the hash of the canonical JSON lets a
// reader see that two versions carry the same content. Canonical JSON sorts object keys, because jsonb
// gives keys back in its own order.

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('base64url').slice(0, 22);
}

export function configEtag(version: number, config: unknown): string {
  return `"${version}-${contentHash(config)}"`;
}

interface ParsedTags {
  any: boolean;
  tags: Array<{ weak: boolean; opaque: string }>;
}

/** Parses an If-Match / If-None-Match value: `*` or a comma-separated list of (possibly weak) tags. */
export function parseEtagList(header: string): ParsedTags {
  if (header.trim() === '*') return { any: true, tags: [] };
  const tags: ParsedTags['tags'] = [];
  for (const m of header.matchAll(/\s*(W\/)?("[^"]*")\s*(?:,|$)/g)) {
    tags.push({ weak: m[1] !== undefined, opaque: m[2] as string });
  }
  return { any: false, tags };
}

/** If-None-Match uses the weak comparison: a tag matches whether or not either side is weak. */
export function noneMatchHits(header: string | undefined, current: string): boolean {
  if (header === undefined) return false;
  const p = parseEtagList(header);
  return p.any || p.tags.some((t) => t.opaque === current);
}

/** If-Match uses the strong comparison: weak tags never match. Absent header: nothing to check. */
export function ifMatchHolds(header: string | undefined, current: string | undefined): boolean {
  if (header === undefined) return true;
  const p = parseEtagList(header);
  if (current === undefined) return false;
  return p.any || p.tags.some((t) => !t.weak && t.opaque === current);
}
