import { isFixedText, QUERY_TEMPLATES, renderTemplate, type StatementKind } from './query-catalog.ts';
import type { Random } from './random.ts';
import type { ServerProfile } from './server-profile.ts';

// How one pg_stat_statements entry behaves: its share of the server's calls, its execution-time
// distribution (log-normal), rows and blocks per call, cache hit ratio, temp and WAL usage.

export interface StatementProfile {
  queryid: bigint;
  text: string;
  kind: StatementKind;
  userid: number;
  userName: string;
  dbid: number;
  databaseName: string;
  toplevel: boolean;
  /** Share of the server's calls. */
  weight: number;
  medianMs: number;
  sigma: number;
  rowsPerCall: number;
  blocksPerCall: number;
  hitRatio: number;
  tempBlocksPerCall: number;
  /** WAL records per affected row (heap plus index entries). */
  walRecordsPerRow: number;
  jitFunctionsPerCall: number;
}

const ROLES = [
  { oid: 16385, name: 'app' },
  { oid: 16386, name: 'reporting' },
  { oid: 10, name: 'postgres' },
];

export function newStatement(
  rng: Random,
  server: ServerProfile,
  n: number,
  weight: number,
  seenTexts: Set<string>,
): StatementProfile {
  // A standby runs only the read-only part of the application.
  const templates = server.standby ? QUERY_TEMPLATES.filter((t) => t.kind === 'select') : QUERY_TEMPLATES;
  const draw = () => {
    const t = rng.pickWeighted(templates, (x) => x.prevalence);
    // Reads outnumber writes; the server's write ratio decides how many drawn writes stay writes.
    const write = t.kind === 'insert' || t.kind === 'update' || t.kind === 'delete';
    return write && rng.next() > server.writeRatio * 2.5
      ? rng.pickWeighted(templates, (x) => x.prevalence)
      : t;
  };
  let template = draw();
  let text = renderTemplate(template, rng, n);
  // BEGIN, COMMIT and the like exist once: pg_stat_statements keeps one entry per text.
  for (let tries = 0; seenTexts.has(text) && isFixedText(template) && tries < 20; tries++) {
    template = draw();
    text = renderTemplate(template, rng, n);
  }
  if (seenTexts.has(text)) text = `${text} /* caller=${n} */`;
  seenTexts.add(text);
  const heavy = template.heavy === true;
  const write = template.kind === 'insert' || template.kind === 'update' || template.kind === 'delete';
  const db = server.databases[n % 7 === 3 ? rng.int(0, server.databases.length - 1) : 0]!;
  const role = heavy ? ROLES[1]! : rng.chance(0.95) ? ROLES[0]! : ROLES[2]!;
  return {
    queryid: rng.int64(),
    text,
    kind: template.kind,
    userid: role.oid,
    userName: role.name,
    dbid: db.oid,
    databaseName: db.name,
    toplevel: !rng.chance(0.05),
    // Relative weights: the workload renormalises them into shares of the server's calls.
    weight: weight * template.frequency,
    medianMs: template.medianMs * rng.logNormal(1, 0.5),
    sigma: heavy ? rng.uniform(0.6, 1.2) : rng.uniform(0.3, 0.8),
    rowsPerCall: template.rowsPerCall * rng.logNormal(1, 0.4),
    blocksPerCall:
      template.kind === 'utility' ? 0 : Math.max(3, template.medianMs * 40 * rng.logNormal(1, 0.5)),
    // Around 99 % of block accesses hit shared buffers; a few statements read mostly from disk.
    hitRatio: Math.min(0.99999, Math.max(0.6, 1 - rng.logNormal(0.006, 1))),
    tempBlocksPerCall: heavy ? rng.logNormal(1500, 1) : 0,
    walRecordsPerRow: write ? rng.uniform(1.5, 4) : 0,
    jitFunctionsPerCall: heavy && rng.chance(0.5) ? rng.int(8, 40) : 0,
  };
}
