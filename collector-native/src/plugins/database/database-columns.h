#pragma once
// pg_stat_database joined with pg_database, one row per covered database (metrics.database.v1). Version
// differences: session statistics from PG14, parallel_workers_* from PG18; checksum_failures is null when
// data checksums are off.
#include "plugins/common/pg-version.h"
#include "plugins/common/stat-columns.h"

namespace pga::plugins::database {

using stats::Column;
using stats::Kind;

inline constexpr Column kDatabaseColumns[] = {
    {"datid", "s.datid", Kind::kLong},
    {"datname", "s.datname", Kind::kText},
    {"numbackends", "s.numbackends", Kind::kLong},
    {"xact_commit", "s.xact_commit", Kind::kCounter},
    {"xact_rollback", "s.xact_rollback", Kind::kCounter},
    {"blks_read", "s.blks_read", Kind::kCounter},
    {"blks_hit", "s.blks_hit", Kind::kCounter},
    {"tup_returned", "s.tup_returned", Kind::kCounter},
    {"tup_fetched", "s.tup_fetched", Kind::kCounter},
    {"tup_inserted", "s.tup_inserted", Kind::kCounter},
    {"tup_updated", "s.tup_updated", Kind::kCounter},
    {"tup_deleted", "s.tup_deleted", Kind::kCounter},
    {"conflicts", "s.conflicts", Kind::kCounter},
    {"temp_files", "s.temp_files", Kind::kCounter},
    {"temp_bytes", "s.temp_bytes", Kind::kCounter},
    {"deadlocks", "s.deadlocks", Kind::kCounter},
    {"checksum_failures", "s.checksum_failures", Kind::kCounter, true},
    {"blk_read_time_ms", "s.blk_read_time", Kind::kCounterMs},
    {"blk_write_time_ms", "s.blk_write_time", Kind::kCounterMs},
    {"session_time_ms", "s.session_time", Kind::kCounterMs, true, pgversion::kPg14},
    {"active_time_ms", "s.active_time", Kind::kCounterMs, true, pgversion::kPg14},
    {"idle_in_transaction_time_ms", "s.idle_in_transaction_time", Kind::kCounterMs, true, pgversion::kPg14},
    {"sessions", "s.sessions", Kind::kCounter, true, pgversion::kPg14},
    {"sessions_abandoned", "s.sessions_abandoned", Kind::kCounter, true, pgversion::kPg14},
    {"sessions_fatal", "s.sessions_fatal", Kind::kCounter, true, pgversion::kPg14},
    {"sessions_killed", "s.sessions_killed", Kind::kCounter, true, pgversion::kPg14},
    {"parallel_workers_to_launch", "s.parallel_workers_to_launch", Kind::kCounter, true, pgversion::kPg18},
    {"parallel_workers_launched", "s.parallel_workers_launched", Kind::kCounter, true, pgversion::kPg18},
    {"size_bytes", "pg_database_size(s.datid)", Kind::kLong},
    {"frozen_xid_age", "age(d.datfrozenxid)", Kind::kLong},
    {"min_mxid_age", "mxid_age(d.datminmxid)", Kind::kLong, true},
    {"stats_reset", "(extract(epoch FROM s.stats_reset) * 1000000)::bigint", Kind::kTimestamp, true},
};

inline constexpr size_t kDatabaseCounters = stats::counter_count(kDatabaseColumns);

}  // namespace pga::plugins::database
