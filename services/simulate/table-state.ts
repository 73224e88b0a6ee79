import type { IntervalActivity } from './interval-activity.ts';
import type { Random } from './random.ts';
import type { ServerProfile, SimTable } from './server-profile.ts';

// The user tables of one server across intervals: live and dead tuples, sizes, vacuum and analyze times,
// frozen xid age. Each interval spreads the statements' reads and writes over the tables by their shares,
// then lets autovacuum and autoanalyze run where PostgreSQL's thresholds say they would.

export interface TableDelta {
  seqScan: number;
  seqTupRead: number;
  idxScan: number;
  idxTupFetch: number;
  ins: number;
  upd: number;
  del: number;
  hotUpd: number;
  newpageUpd: number;
  heapBlksRead: number;
  heapBlksHit: number;
  idxBlksRead: number;
  idxBlksHit: number;
  toastBlksRead: number;
  toastBlksHit: number;
  autovacuums: number;
  autoanalyzes: number;
  vacuums: number;
  analyzes: number;
  autovacuumMs: number;
  autoanalyzeMs: number;
}

export interface TableRuntime {
  table: SimTable;
  datname: string;
  rowWidth: number;
  hasToast: boolean;
  liveTup: number;
  deadTup: number;
  modSinceAnalyze: number;
  insSinceVacuum: number;
  heapBytes: number;
  toastBytes: number;
  frozenXidAge: number;
  lastSeqScanMs: number | undefined;
  lastIdxScanMs: number | undefined;
  lastVacuumMs: number | undefined;
  lastAutovacuumMs: number | undefined;
  lastAnalyzeMs: number | undefined;
  lastAutoanalyzeMs: number | undefined;
  delta: TableDelta;
}

function emptyDelta(): TableDelta {
  return {
    seqScan: 0,
    seqTupRead: 0,
    idxScan: 0,
    idxTupFetch: 0,
    ins: 0,
    upd: 0,
    del: 0,
    hotUpd: 0,
    newpageUpd: 0,
    heapBlksRead: 0,
    heapBlksHit: 0,
    idxBlksRead: 0,
    idxBlksHit: 0,
    toastBlksRead: 0,
    toastBlksHit: 0,
    autovacuums: 0,
    autoanalyzes: 0,
    vacuums: 0,
    analyzes: 0,
    autovacuumMs: 0,
    autoanalyzeMs: 0,
  };
}

export class TableState {
  readonly tables: TableRuntime[];

  constructor(
    private readonly rng: Random,
    private readonly server: ServerProfile,
    startMs: number,
  ) {
    this.tables = server.tables.map((table) => {
      const rowWidth = rng.uniform(60, 400);
      const hasToast = rng.chance(0.4);
      const ago = (maxHours: number) =>
        rng.chance(0.9) ? startMs - rng.uniform(0, maxHours) * 3_600_000 : undefined;
      return {
        table,
        datname: server.databases[table.dbIndex]!.name,
        rowWidth,
        hasToast,
        liveTup: table.rows,
        deadTup: Math.round(table.rows * rng.uniform(0, 0.1)),
        modSinceAnalyze: Math.round(table.rows * rng.uniform(0, 0.05)),
        insSinceVacuum: Math.round(table.rows * rng.uniform(0, 0.1)),
        heapBytes: Math.max(8192, Math.round(table.rows * rowWidth * 1.2)),
        toastBytes: hasToast ? Math.round(table.rows * rowWidth * rng.uniform(0.1, 2)) : 0,
        frozenXidAge: rng.int(1_000_000, 150_000_000),
        lastSeqScanMs: ago(24),
        lastIdxScanMs: ago(1),
        lastVacuumMs: rng.chance(0.2) ? startMs - rng.uniform(24, 24 * 30) * 3_600_000 : undefined,
        lastAutovacuumMs: ago(72),
        lastAnalyzeMs: rng.chance(0.2) ? startMs - rng.uniform(24, 24 * 30) * 3_600_000 : undefined,
        lastAutoanalyzeMs: ago(48),
        delta: emptyDelta(),
      };
    });
  }

  advance(atMs: number, activity: IntervalActivity): void {
    const rng = this.rng;
    const noise = () => rng.logNormal(1, 0.25);
    const xids = Math.round((activity.total.inserted + activity.total.updated + activity.total.deleted) / 3);
    for (const t of this.tables) {
      const db = activity.byDb.get(this.server.databases[t.table.dbIndex]!.oid);
      const d = emptyDelta();
      t.delta = d;
      if (db) {
        const w = t.table.writeShare * this.server.databases.length;
        const r = t.table.readShare * this.server.databases.length;
        d.ins = Math.round(db.inserted * w * noise());
        d.upd = Math.round(db.updated * w * noise());
        d.del = Math.min(t.liveTup, Math.round(db.deleted * w * noise()));
        d.hotUpd = Math.round(d.upd * 0.6);
        d.newpageUpd = Math.round((d.upd - d.hotUpd) * 0.3);
        d.idxTupFetch = Math.round(db.selectRows * r * noise());
        d.idxScan = Math.round(db.calls * r * 0.8 * noise());
        // Small tables and reports are read sequentially.
        d.seqScan = t.liveTup < 10_000 || rng.chance(0.05) ? rng.poisson(db.calls * r * 0.05) : 0;
        d.seqTupRead = d.seqScan * t.liveTup;
        const heapShare = r * 0.7;
        d.heapBlksHit = Math.round(db.blksHit * heapShare * noise());
        d.heapBlksRead = Math.round(db.blksRead * heapShare * noise());
        d.idxBlksHit = Math.round(db.blksHit * r * 0.3 * noise());
        d.idxBlksRead = Math.round(db.blksRead * r * 0.3 * noise());
        if (t.hasToast) {
          d.toastBlksHit = Math.round(d.heapBlksHit * 0.05);
          d.toastBlksRead = Math.round(d.heapBlksRead * 0.05);
        }
      }
      if (d.seqScan > 0) t.lastSeqScanMs = atMs - rng.uniform(0, activity.seconds * 1000);
      if (d.idxScan > 0) t.lastIdxScanMs = atMs - rng.uniform(0, 1000);
      t.liveTup = Math.max(0, t.liveTup + d.ins - d.del);
      t.deadTup += d.upd - d.hotUpd * 0.5 + d.del;
      t.deadTup = Math.round(t.deadTup);
      t.modSinceAnalyze += d.ins + d.upd + d.del;
      t.insSinceVacuum += d.ins;
      t.frozenXidAge += xids;
      t.heapBytes = Math.max(t.heapBytes, Math.round((t.liveTup + t.deadTup) * t.rowWidth * 1.2));
      if (t.hasToast) t.toastBytes += Math.round(d.ins * t.rowWidth * 0.3);
      // PostgreSQL's defaults: vacuum at 50 + 20 % dead, analyze at 50 + 10 % modified, freeze at 200M.
      if (t.deadTup > 50 + 0.2 * t.liveTup || t.frozenXidAge > 200_000_000) {
        d.autovacuums = 1;
        d.autovacuumMs = (t.heapBytes / 8192) * rng.uniform(0.01, 0.05);
        t.deadTup = Math.round(t.deadTup * rng.uniform(0, 0.02));
        t.insSinceVacuum = 0;
        t.lastAutovacuumMs = atMs - rng.uniform(0, activity.seconds * 1000);
        if (t.frozenXidAge > 200_000_000) t.frozenXidAge = rng.int(10_000_000, 50_000_000);
      }
      if (t.modSinceAnalyze > 50 + 0.1 * t.liveTup) {
        d.autoanalyzes = 1;
        d.autoanalyzeMs = Math.min(30_000, t.liveTup * 0.002) + rng.uniform(5, 50);
        t.modSinceAnalyze = 0;
        t.lastAutoanalyzeMs = atMs - rng.uniform(0, activity.seconds * 1000);
      }
    }
  }
}
