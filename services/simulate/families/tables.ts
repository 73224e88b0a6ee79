import { micros, since, type FamilyFactory } from './family.ts';

// metrics.tables.v1: pg_stat_user_tables + pg_statio_user_tables + sizes, from the server's table state.

export const tablesFamily: FamilyFactory = (_rng, server) => ({
  family: 'tables',
  snapshot: false,
  hostOnly: false,
  next(ctx) {
    const v16 = server.pgVersionNum >= 160000;
    const v18 = server.pgVersionNum >= 180000;
    const tables = ctx.tables.tables.map((t) => {
      const d = t.delta;
      const indexesSize = t.table.indexes.reduce((s, ix) => s + ix.sizeBytes, 0);
      const hasIndex = t.table.indexes.length > 0;
      const toastSize = t.hasToast ? t.toastBytes : null;
      return {
        datname: t.datname,
        schemaname: t.table.schema,
        relname: t.table.name,
        relid: t.table.relid,
        seq_scan: d.seqScan,
        seq_tup_read: d.seqTupRead,
        idx_scan: hasIndex ? d.idxScan : null,
        idx_tup_fetch: hasIndex ? d.idxTupFetch : null,
        n_tup_ins: d.ins,
        n_tup_upd: d.upd,
        n_tup_del: d.del,
        n_tup_hot_upd: d.hotUpd,
        n_tup_newpage_upd: since(server, 160000, d.newpageUpd),
        n_live_tup: t.liveTup,
        n_dead_tup: t.deadTup,
        n_mod_since_analyze: t.modSinceAnalyze,
        n_ins_since_vacuum: t.insSinceVacuum,
        last_seq_scan: v16 ? micros(t.lastSeqScanMs) : null,
        last_idx_scan: v16 ? micros(t.lastIdxScanMs) : null,
        last_vacuum: micros(t.lastVacuumMs),
        last_autovacuum: micros(t.lastAutovacuumMs),
        last_analyze: micros(t.lastAnalyzeMs),
        last_autoanalyze: micros(t.lastAutoanalyzeMs),
        vacuum_count: d.vacuums,
        autovacuum_count: d.autovacuums,
        analyze_count: d.analyzes,
        autoanalyze_count: d.autoanalyzes,
        total_vacuum_time_ms: v18 ? 0 : null,
        total_autovacuum_time_ms: v18 ? d.autovacuumMs : null,
        total_analyze_time_ms: v18 ? 0 : null,
        total_autoanalyze_time_ms: v18 ? d.autoanalyzeMs : null,
        heap_blks_read: d.heapBlksRead,
        heap_blks_hit: d.heapBlksHit,
        idx_blks_read: hasIndex ? d.idxBlksRead : null,
        idx_blks_hit: hasIndex ? d.idxBlksHit : null,
        toast_blks_read: t.hasToast ? d.toastBlksRead : null,
        toast_blks_hit: t.hasToast ? d.toastBlksHit : null,
        tidx_blks_read: t.hasToast ? Math.round(d.toastBlksRead * 0.2) : null,
        tidx_blks_hit: t.hasToast ? Math.round(d.toastBlksHit * 0.2) : null,
        table_size_bytes: t.heapBytes,
        toast_size_bytes: toastSize,
        indexes_size_bytes: indexesSize,
        total_size_bytes: t.heapBytes + (toastSize ?? 0) + indexesSize,
        frozen_xid_age: t.frozenXidAge,
        reset: ctx.events.statsReset,
      };
    });
    return { tables };
  },
});
