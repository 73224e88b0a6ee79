import { createHash } from 'node:crypto';
import { fingerprintQuery, FINGERPRINT_VERSION } from '../lib/fingerprint/fingerprint.ts';
import { QUERY_TEMPLATES, renderTemplate } from '../simulate/query-catalog.ts';
import { Random, zipfWeights } from '../simulate/random.ts';

// The statements of the API bench's fleet: one application's normalised texts (the simulator's templates),
// fingerprinted with the project's pinned libpg-query, and for each server the texts it runs. Popular texts
// run on most servers and rare ones on a few, so the fleet-wide view groups many (server, queryid) pairs
// under one fingerprint. queryids differ per server (as they do: they hash relation OIDs). Deterministic.

export const STATEMENTS_PER_SERVER = 40;
/** Statements in every sample of a server; the others take turns (see api-dataset.ts). */
export const HOT_STATEMENTS = 8;
const TEXTS = 400;

export interface CatalogText {
  text: string;
  fingerprint: string | null;
  medianMs: number;
  rowsPerCall: number;
  heavy: boolean;
}

export interface ServerStatement {
  serverNo: number;
  /** 0 … STATEMENTS_PER_SERVER − 1; the first HOT_STATEMENTS are the busiest. */
  slot: number;
  queryid: string;
  text: CatalogText;
  callsPerSample: number;
}

export interface BenchCatalog {
  texts: CatalogText[];
  statements: ServerStatement[];
  fingerprintVersion: string;
}

export const serverId = (n: number): string => `bench-${String(n).padStart(4, '0')}`;

/** A signed 64-bit queryid from the server and the text (decimal string). */
function queryidOf(server: string, text: string): string {
  return createHash('sha256').update(`${server}\0${text}`).digest().readBigInt64LE(0).toString();
}

export async function buildCatalog(servers: number, seed = 'pga-bench-api'): Promise<BenchCatalog> {
  const rng = new Random(seed);
  const seen = new Set<string>();
  const texts: CatalogText[] = [];
  for (let n = 0; texts.length < TEXTS && n < TEXTS * 20; n++) {
    const template = rng.pickWeighted(QUERY_TEMPLATES, (t) => t.prevalence);
    const text = renderTemplate(template, rng, n);
    if (seen.has(text)) continue;
    seen.add(text);
    texts.push({
      text,
      fingerprint: await fingerprintQuery(text),
      medianMs: template.medianMs,
      rowsPerCall: template.rowsPerCall,
      heavy: template.heavy ?? false,
    });
  }
  const popularity = zipfWeights(texts.length, 0.8);
  const statements: ServerStatement[] = [];
  for (let s = 0; s < servers; s++) {
    const pick = rng.fork(`server-${s}`);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(STATEMENTS_PER_SERVER, texts.length)) {
      chosen.add(pick.pickWeighted([...popularity.keys()], (i) => popularity[i] as number));
    }
    // Fast statements are called the most: the hot slots go to the cheapest texts of the server.
    const ordered = [...chosen].sort(
      (a, b) => (texts[a] as CatalogText).medianMs - (texts[b] as CatalogText).medianMs,
    );
    ordered.forEach((i, slot) => {
      const text = texts[i] as CatalogText;
      statements.push({
        serverNo: s,
        slot,
        queryid: queryidOf(serverId(s), text.text),
        text,
        callsPerSample: Math.max(
          1,
          Math.round((slot < HOT_STATEMENTS ? 6000 : 300) / (1 + slot) / Math.sqrt(text.medianMs + 0.01)),
        ),
      });
    });
  }
  return { texts, statements, fingerprintVersion: FINGERPRINT_VERSION };
}
