import type { StatementSample } from '../statement-workload.ts';
import { micros, since, type FamilyFactory, type FamilyContext } from './family.ts';

// metrics.statements.v1: the agent's pg_stat_statements sample. Rows are the entries whose counters moved,
// capped to the top N by total execution time; one info row describes the sample as a whole.

function statementRow(ctx: FamilyContext, s: StatementSample) {
  const server = ctx.server;
  const st = s.entry.statement;
  const d = s.reported;
  const life = s.entry;
  const planning = ctx.workload.trackPlanning;
  const v15 = server.pgVersionNum >= 150000;
  const v17 = server.pgVersionNum >= 170000;
  const lifeMean = life.lifeCalls > 0 ? life.lifeTotalMs / life.lifeCalls : d.total_exec_time / d.calls;
  return {
    dbid: st.dbid,
    userid: st.userid,
    queryid: st.queryid,
    toplevel: since(server, 140000, st.toplevel),
    database_name: st.databaseName,
    user_name: st.userName,
    calls: d.calls,
    plans: planning ? d.plans : null,
    rows: d.rows,
    total_exec_time_ms: d.total_exec_time,
    min_exec_time_ms: life.lifeMinMs,
    max_exec_time_ms: life.lifeMaxMs,
    mean_exec_time_ms: lifeMean,
    stddev_exec_time_ms: d.stddev_exec_time,
    total_plan_time_ms: planning ? d.total_plan_time : null,
    shared_blks_hit: d.shared_blks_hit,
    shared_blks_read: d.shared_blks_read,
    shared_blks_dirtied: d.shared_blks_dirtied,
    shared_blks_written: d.shared_blks_written,
    local_blks_hit: 0,
    local_blks_read: 0,
    local_blks_dirtied: 0,
    local_blks_written: 0,
    temp_blks_read: d.temp_blks_read,
    temp_blks_written: d.temp_blks_written,
    shared_blk_read_time_ms: d.shared_blk_read_time,
    shared_blk_write_time_ms: d.shared_blk_write_time,
    local_blk_read_time_ms: v17 ? 0 : null,
    local_blk_write_time_ms: v17 ? 0 : null,
    temp_blk_read_time_ms: v15 ? d.temp_blk_read_time : null,
    temp_blk_write_time_ms: v15 ? d.temp_blk_write_time : null,
    wal_records: d.wal_records,
    wal_fpi: d.wal_fpi,
    wal_bytes: d.wal_bytes,
    jit_functions: v15 ? d.jit_functions : null,
    jit_generation_time_ms: v15 ? d.jit_generation_time : null,
    jit_inlining_time_ms: v15 ? d.jit_inlining_time : null,
    jit_optimization_time_ms: v15 ? d.jit_optimization_time : null,
    jit_emission_time_ms: v15 ? d.jit_emission_time : null,
    first_seen: s.firstSeen,
    reset: s.reset,
  };
}

export const statementsFamily: FamilyFactory = (_rng, server) => ({
  family: 'statements',
  snapshot: false,
  hostOnly: false,
  next(ctx) {
    const cap = ctx.options.topStatements;
    let kept: readonly StatementSample[] = ctx.samples;
    if (kept.length > cap) {
      kept = [...kept].sort((a, b) => b.reported.total_exec_time - a.reported.total_exec_time).slice(0, cap);
    }
    const reset = ctx.events.statementsResetShare > 0;
    const info = {
      dealloc: since(server, 140000, ctx.events.deallocDelta),
      stats_reset: since(server, 140000, micros(ctx.workload.statsResetMs)),
      statements_seen: ctx.workload.entries.length,
      statements_sent: kept.length,
      reset,
    };
    return { rows: kept.map((s) => statementRow(ctx, s)), info: [info] };
  },
});
