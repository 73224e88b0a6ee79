import { APP_TABLES } from './query-catalog.ts';
import { Random } from './random.ts';

// The fixed traits of one simulated server: what it runs on, how busy it is, what it stores. Drawn once
// from the seed; the per-interval state lives in server-state.ts.

export interface SimDatabase {
  oid: number;
  name: string;
}

export interface SimTable {
  relid: number;
  schema: string;
  name: string;
  dbIndex: number;
  /** Live tuples at start. */
  rows: number;
  /** Share of the server's writes that land on this table. */
  writeShare: number;
  /** Share of the server's reads that scan this table. */
  readShare: number;
  indexes: SimIndex[];
}

export interface SimIndex {
  indexrelid: number;
  name: string;
  /** Share of the table's index scans that use this index; 0 for an unused index. */
  scanShare: number;
  sizeBytes: number;
}

export interface ServerProfile {
  serverId: string;
  index: number;
  collectorId: string;
  host: string;
  agentVersion: string;
  pgVersionNum: number;
  /** Hot standby: in_recovery, no writes of its own. */
  standby: boolean;
  /** For a standby, the server id of its primary; for a primary, its standbys. */
  primaryId: string | undefined;
  standbyIds: string[];
  cpus: number;
  memoryBytes: number;
  diskBytes: number;
  /** Mean statement calls per second at the daily average. */
  baseCallsPerSecond: number;
  /** Share of statements' calls that write (drives WAL, dirtied blocks, tuple churn). */
  writeRatio: number;
  databases: SimDatabase[];
  tables: SimTable[];
  maxConnections: number;
  statementsMax: number;
}

const PG_VERSIONS = [130016, 140013, 150010, 160006, 170002, 180000];
const DB_NAMES = ['app', 'analytics', 'billing', 'auth'];

export function serverId(prefix: string, index: number): string {
  return `${prefix}-${index + 1}`;
}

/**
 * Servers come in small clusters: every third server (index 2, 5, …) is a hot standby of the one before it,
 * so replication and in_recovery data exist whenever the fleet has three servers or more.
 */
function isStandby(index: number): boolean {
  return index % 3 === 2;
}

export function buildServerProfile(
  seed: number,
  prefix: string,
  index: number,
  servers: number,
  tablesPerServer: number,
  statements: number,
): ServerProfile {
  const rng = new Random(`${seed}:server:${index}`);
  const id = serverId(prefix, index);
  const standby = isStandby(index);
  const standbyIds =
    !standby && index + 1 < servers && isStandby(index + 1) ? [serverId(prefix, index + 1)] : [];
  const databases = DB_NAMES.slice(0, rng.int(1, DB_NAMES.length)).map((name, i) => ({
    oid: 16384 + i,
    name,
  }));
  const tables: SimTable[] = [];
  let nextOid = 16500;
  for (let t = 0; t < tablesPerServer; t++) {
    const indexCount = rng.int(1, 4);
    const tableName = t < APP_TABLES.length ? APP_TABLES[t]! : `${rng.pick(APP_TABLES)}_p${t}`;
    const rows = Math.round(rng.logNormal(200_000, 2));
    const relid = nextOid++;
    const indexes: SimIndex[] = [];
    for (let i = 0; i < indexCount; i++) {
      indexes.push({
        indexrelid: nextOid++,
        name: i === 0 ? `${tableName}_pkey` : `${tableName}_idx${i}`,
        // One index in ten is never used: what the unused-index recommendation looks for.
        scanShare: i > 0 && rng.chance(0.1) ? 0 : rng.uniform(0.2, 1),
        sizeBytes: Math.max(8192, Math.round(rows * rng.uniform(20, 60))),
      });
    }
    const scanSum = indexes.reduce((s, i) => s + i.scanShare, 0) || 1;
    for (const ix of indexes) ix.scanShare /= scanSum;
    tables.push({
      relid,
      schema: 'public',
      name: tableName,
      dbIndex: t % databases.length,
      rows,
      writeShare: 1 / Math.pow(t + 1, 0.9),
      readShare: 1 / Math.pow(t + 1, 1.1),
      indexes,
    });
  }
  normalise(tables, 'writeShare');
  normalise(tables, 'readShare');
  const cpus = rng.pick([2, 4, 8, 16, 32]);
  return {
    serverId: id,
    index,
    collectorId: `simcollector-${rng.hex(4)}`,
    host: `${prefix}-db${index + 1}.example.internal`,
    agentVersion: '0.1.0-sim',
    pgVersionNum: rng.pick(PG_VERSIONS),
    standby,
    primaryId: standby && index > 0 ? serverId(prefix, index - 1) : undefined,
    standbyIds,
    cpus,
    memoryBytes: cpus * 4 * 1024 ** 3,
    diskBytes: rng.pick([100, 250, 500, 1000, 2000]) * 1024 ** 3,
    baseCallsPerSecond: rng.logNormal(150 * cpus, 0.6),
    writeRatio: standby ? 0 : rng.uniform(0.05, 0.35),
    databases,
    tables,
    maxConnections: rng.pick([100, 200, 300, 500]),
    statementsMax: statements,
  };
}

function normalise<K extends 'writeShare' | 'readShare'>(tables: SimTable[], key: K): void {
  const sum = tables.reduce((s, t) => s + t[key], 0);
  for (const t of tables) t[key] /= sum;
}
