#pragma once
// pg_stat_user_tables joined with pg_statio_user_tables, pg_class and relation sizes, one row per user table
// (metrics.tables.v1). Version differences: last_seq_scan, last_idx_scan and n_tup_newpage_upd from PG16,
// total_*vacuum/analyze_time from PG18. idx_* are null for a table without index, toast/tidx_* for a table
// without TOAST table (the views say so themselves).
#include "plugins/common/pg-version.h"
#include "plugins/common/stat-columns.h"

namespace pga::plugins::tables {

using stats::Column;
using stats::Kind;

#define PGA_EPOCH_US(ts) "(extract(epoch FROM " ts ") * 1000000)::bigint"

inline constexpr Column kTableColumns[] = {
    {"datname", "current_database()", Kind::kText},
    {"schemaname", "s.schemaname", Kind::kText},
    {"relname", "s.relname", Kind::kText},
    {"relid", "s.relid", Kind::kLong},
    {"seq_scan", "s.seq_scan", Kind::kCounter},
    {"seq_tup_read", "s.seq_tup_read", Kind::kCounter},
    {"idx_scan", "s.idx_scan", Kind::kCounter, true},
    {"idx_tup_fetch", "s.idx_tup_fetch", Kind::kCounter, true},
    {"n_tup_ins", "s.n_tup_ins", Kind::kCounter},
    {"n_tup_upd", "s.n_tup_upd", Kind::kCounter},
    {"n_tup_del", "s.n_tup_del", Kind::kCounter},
    {"n_tup_hot_upd", "s.n_tup_hot_upd", Kind::kCounter},
    {"n_tup_newpage_upd", "s.n_tup_newpage_upd", Kind::kCounter, true, pgversion::kPg16},
    {"n_live_tup", "s.n_live_tup", Kind::kLong},
    {"n_dead_tup", "s.n_dead_tup", Kind::kLong},
    {"n_mod_since_analyze", "s.n_mod_since_analyze", Kind::kLong},
    {"n_ins_since_vacuum", "s.n_ins_since_vacuum", Kind::kLong},
    {"last_seq_scan", PGA_EPOCH_US("s.last_seq_scan"), Kind::kTimestamp, true, pgversion::kPg16},
    {"last_idx_scan", PGA_EPOCH_US("s.last_idx_scan"), Kind::kTimestamp, true, pgversion::kPg16},
    {"last_vacuum", PGA_EPOCH_US("s.last_vacuum"), Kind::kTimestamp, true},
    {"last_autovacuum", PGA_EPOCH_US("s.last_autovacuum"), Kind::kTimestamp, true},
    {"last_analyze", PGA_EPOCH_US("s.last_analyze"), Kind::kTimestamp, true},
    {"last_autoanalyze", PGA_EPOCH_US("s.last_autoanalyze"), Kind::kTimestamp, true},
    {"vacuum_count", "s.vacuum_count", Kind::kCounter},
    {"autovacuum_count", "s.autovacuum_count", Kind::kCounter},
    {"analyze_count", "s.analyze_count", Kind::kCounter},
    {"autoanalyze_count", "s.autoanalyze_count", Kind::kCounter},
    {"total_vacuum_time_ms", "s.total_vacuum_time", Kind::kCounterMs, true, pgversion::kPg18},
    {"total_autovacuum_time_ms", "s.total_autovacuum_time", Kind::kCounterMs, true, pgversion::kPg18},
    {"total_analyze_time_ms", "s.total_analyze_time", Kind::kCounterMs, true, pgversion::kPg18},
    {"total_autoanalyze_time_ms", "s.total_autoanalyze_time", Kind::kCounterMs, true, pgversion::kPg18},
    {"heap_blks_read", "io.heap_blks_read", Kind::kCounter},
    {"heap_blks_hit", "io.heap_blks_hit", Kind::kCounter},
    {"idx_blks_read", "io.idx_blks_read", Kind::kCounter, true},
    {"idx_blks_hit", "io.idx_blks_hit", Kind::kCounter, true},
    {"toast_blks_read", "io.toast_blks_read", Kind::kCounter, true},
    {"toast_blks_hit", "io.toast_blks_hit", Kind::kCounter, true},
    {"tidx_blks_read", "io.tidx_blks_read", Kind::kCounter, true},
    {"tidx_blks_hit", "io.tidx_blks_hit", Kind::kCounter, true},
    {"table_size_bytes", "pg_relation_size(s.relid)", Kind::kLong},
    {"toast_size_bytes", "CASE WHEN c.reltoastrelid <> 0 THEN pg_total_relation_size(c.reltoastrelid) END",
     Kind::kLong, true},
    {"indexes_size_bytes", "pg_indexes_size(s.relid)", Kind::kLong},
    {"total_size_bytes", "pg_total_relation_size(s.relid)", Kind::kLong},
    // a partitioned table has no storage and no relfrozenxid (age() of it would read 2^31-1)
    {"frozen_xid_age", "CASE WHEN c.relkind = 'p' THEN 0 ELSE age(c.relfrozenxid) END", Kind::kLong},
    // the database's stats_reset: pg_stat_reset() resets its tables' counters too
    {"db_stats_reset", PGA_EPOCH_US("(SELECT d.stats_reset FROM pg_stat_database d WHERE d.datname = current_database())"),
     Kind::kInternal},
};

#undef PGA_EPOCH_US

inline constexpr size_t kTableCounters = stats::counter_count(kTableColumns);

}  // namespace pga::plugins::tables
