#pragma once
// SQL of the replication plugin per PostgreSQL version (13–18). Works on a primary and on a (cascading)
// standby: pg_current_wal_lsn() fails during recovery, so the reference WAL position is chosen in SQL
// (CASE on pg_is_in_recovery(), evaluated lazily) — that also stays right across a promotion between the
// engine's role check and the query.
//   replicas: pg_stat_replication, lag in bytes against the current position (a standby's last received);
//   slots:    pg_replication_slots (+ conflicting 16+, invalidation_reason and inactive_since 17+) with
//             pg_stat_replication_slots (14+) for the spill/stream/total counters of logical slots;
//   receiver: pg_stat_wal_receiver and the recovery functions, standbys only.
// The views are bounded by max_wal_senders and max_replication_slots; the LIMITs are guards.
#include <string>

#include "plugins/common/view-counter-rows.h"

namespace pga::plugins::replication {

inline constexpr int kMaxRows = 1000;

std::string replicas_sql(int version_num);
std::string slots_sql(int version_num);
std::string receiver_sql(int version_num);

// The delta counters of a slot row (pg_stat_replication_slots), reset column stats_reset.
const counters::Fields& slot_counter_fields();

}  // namespace pga::plugins::replication
