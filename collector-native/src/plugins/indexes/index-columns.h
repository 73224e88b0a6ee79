#pragma once
// pg_stat_user_indexes joined with pg_statio_user_indexes, pg_index and the index size, one row per user
// index (metrics.indexes.v1). Version differences: last_idx_scan from PG16.
#include "plugins/common/pg-version.h"
#include "plugins/common/stat-columns.h"

namespace pga::plugins::indexes {

using stats::Column;
using stats::Kind;

inline constexpr Column kIndexColumns[] = {
    {"datname", "current_database()", Kind::kText},
    {"schemaname", "s.schemaname", Kind::kText},
    {"relname", "s.relname", Kind::kText},
    {"indexrelname", "s.indexrelname", Kind::kText},
    {"relid", "s.relid", Kind::kLong},
    {"indexrelid", "s.indexrelid", Kind::kLong},
    {"idx_scan", "s.idx_scan", Kind::kCounter},
    {"idx_tup_read", "s.idx_tup_read", Kind::kCounter},
    {"idx_tup_fetch", "s.idx_tup_fetch", Kind::kCounter},
    {"last_idx_scan", "(extract(epoch FROM s.last_idx_scan) * 1000000)::bigint", Kind::kTimestamp, true,
     pgversion::kPg16},
    {"idx_blks_read", "io.idx_blks_read", Kind::kCounter},
    {"idx_blks_hit", "io.idx_blks_hit", Kind::kCounter},
    {"size_bytes", "pg_relation_size(s.indexrelid)", Kind::kLong},
    {"is_unique", "x.indisunique", Kind::kBool},
    {"is_primary", "x.indisprimary", Kind::kBool},
    {"is_valid", "x.indisvalid", Kind::kBool},
    {"definition", "pg_get_indexdef(s.indexrelid)", Kind::kText},
    // the database's stats_reset: pg_stat_reset() resets its indexes' counters too
    {"db_stats_reset",
     "(extract(epoch FROM (SELECT d.stats_reset FROM pg_stat_database d WHERE d.datname = current_database()))"
     " * 1000000)::bigint",
     Kind::kInternal},
};

inline constexpr size_t kIndexCounters = stats::counter_count(kIndexColumns);

}  // namespace pga::plugins::indexes
