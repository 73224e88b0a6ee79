import { emptyTotals } from '../interval-activity.ts';
import { clientConnections } from '../sessions.ts';
import { micros, since, type FamilyFactory } from './family.ts';

// metrics.database.v1: pg_stat_database per database, derived from the statements that ran in it so the two
// families agree (commits, rows, blocks, temp files, I/O time).

export const databaseFamily: FamilyFactory = (rng, server) => {
  let statsResetMs: number | undefined = undefined;
  const mxidAge = server.databases.map(() => rng.int(1_000, 5_000_000));
  const checksums = rng.chance(0.5);
  return {
    family: 'database',
    snapshot: false,
    hostOnly: false,
    next(ctx) {
      const { activity, events, tables } = ctx;
      const seconds = activity.seconds;
      if (events.statsReset) statsResetMs = ctx.atMs - seconds * 1000 * rng.uniform(0, 1);
      const connections = clientConnections(server, activity.load);
      const totalCalls = Math.max(1, activity.total.calls);
      const databases = server.databases.map((db, i) => {
        const a = activity.byDb.get(db.oid) ?? emptyTotals();
        const share = a.calls / totalCalls;
        const commits = Math.round(a.calls * 0.6);
        const numbackends = Math.round(connections * share);
        const dbTables = tables.tables.filter((t) => t.table.dbIndex === i);
        const size = dbTables.reduce((s, t) => s + t.heapBytes + t.toastBytes, 8 * 1024 * 1024);
        const indexSize = dbTables.reduce(
          (s, t) => s + t.table.indexes.reduce((x, ix) => x + ix.sizeBytes, 0),
          0,
        );
        const frozen = dbTables.reduce((m, t) => Math.max(m, t.frozenXidAge), 0) + rng.int(0, 1000);
        mxidAge[i] = (mxidAge[i] ?? 0) + Math.round(a.calls * 0.001);
        const sessions = rng.poisson(seconds * share * 2);
        return {
          datid: db.oid,
          datname: db.name,
          numbackends,
          xact_commit: commits,
          xact_rollback: rng.poisson(commits * 0.002),
          blks_read: a.blksRead,
          blks_hit: a.blksHit,
          tup_returned: Math.round(a.selectRows * rng.uniform(3, 8)),
          tup_fetched: a.selectRows,
          tup_inserted: a.inserted,
          tup_updated: a.updated,
          tup_deleted: a.deleted,
          conflicts: server.standby ? rng.poisson((0.01 * seconds) / 60) : 0,
          temp_files: a.tempFiles,
          temp_bytes: a.tempBlocks * 8192,
          deadlocks: i === 0 ? events.deadlocks : 0,
          checksum_failures: checksums ? 0 : null,
          blk_read_time_ms: a.blkReadTimeMs,
          blk_write_time_ms: a.blkWriteTimeMs,
          session_time_ms: since(server, 140000, numbackends * seconds * 1000),
          active_time_ms: since(server, 140000, a.execMs),
          idle_in_transaction_time_ms: since(server, 140000, a.execMs * 0.05),
          sessions: since(server, 140000, sessions),
          sessions_abandoned: since(server, 140000, rng.poisson(sessions * 0.01)),
          sessions_fatal: since(server, 140000, rng.poisson(sessions * 0.001)),
          sessions_killed: since(server, 140000, 0),
          parallel_workers_to_launch: since(server, 180000, Math.round(a.tempFiles * 2)),
          parallel_workers_launched: since(server, 180000, Math.round(a.tempFiles * 1.9)),
          size_bytes: size + indexSize,
          frozen_xid_age: frozen,
          min_mxid_age: mxidAge[i] ?? null,
          stats_reset: micros(statsResetMs),
          reset: events.statsReset,
        };
      });
      return { databases };
    },
  };
};
