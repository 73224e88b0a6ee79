#include "plugins/replication/replication-sql.h"

#include <vector>

#include "plugins/common/versioned-columns.h"

namespace pga::plugins::replication {
namespace {

constexpr int k14 = 140000;
constexpr int k16 = 160000;
constexpr int k17 = 170000;

// Where the WAL is now: the insert position on a primary; on a cascading standby what it has received
// (what it can send), falling back to what it replayed when it restores from the archive.
constexpr const char* kSenderPosition =
    "(SELECT CASE WHEN pg_is_in_recovery() "
    "THEN coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) "
    "ELSE pg_current_wal_lsn() END AS lsn) cur";
// The slot's reference, as metrics.replication.v1 documents retained_wal_bytes: the current position, or
// the last replayed one on a standby.
constexpr const char* kSlotPosition =
    "(SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
    "ELSE pg_current_wal_lsn() END AS lsn) cur";

const std::vector<VersionedColumn>& replica_columns() {
  static const std::vector<VersionedColumn> columns = {
      {"pid", "r.pid"},
      {"usename", "r.usename"},
      {"application_name", "r.application_name"},
      {"client_addr", "host(r.client_addr)"},
      {"state", "r.state"},
      {"sync_state", "r.sync_state"},
      {"sync_priority", "r.sync_priority"},
      {"sent_lag_bytes", "greatest(pg_wal_lsn_diff(cur.lsn, r.sent_lsn), 0)::bigint"},
      {"write_lag_bytes", "greatest(pg_wal_lsn_diff(cur.lsn, r.write_lsn), 0)::bigint"},
      {"flush_lag_bytes", "greatest(pg_wal_lsn_diff(cur.lsn, r.flush_lsn), 0)::bigint"},
      {"replay_lag_bytes", "greatest(pg_wal_lsn_diff(cur.lsn, r.replay_lsn), 0)::bigint"},
      {"write_lag_ms", "extract(epoch FROM r.write_lag) * 1000"},
      {"flush_lag_ms", "extract(epoch FROM r.flush_lag) * 1000"},
      {"replay_lag_ms", "extract(epoch FROM r.replay_lag) * 1000"},
      {"backend_xmin_age", "age(r.backend_xmin)"},
      {"reply_time", "(extract(epoch FROM r.reply_time) * 1000000)::bigint"},
  };
  return columns;
}

const std::vector<VersionedColumn>& slot_columns() {
  static const std::vector<VersionedColumn> columns = {
      {"slot_name", "s.slot_name"},
      {"slot_type", "s.slot_type"},
      {"plugin", "s.plugin"},
      {"database", "s.database"},
      {"active", "s.active"},
      {"temporary", "s.temporary"},
      {"retained_wal_bytes", "greatest(pg_wal_lsn_diff(cur.lsn, s.restart_lsn), 0)::bigint"},
      {"wal_status", "s.wal_status"},
      {"safe_wal_size", "s.safe_wal_size"},
      {"xmin_age", "age(s.xmin)"},
      {"catalog_xmin_age", "age(s.catalog_xmin)"},
      // the schema wants null for physical slots whatever the version reports
      {"conflicting", "CASE WHEN s.slot_type = 'logical' THEN s.conflicting END", k16},
      {"invalidation_reason", "s.invalidation_reason", k17},
      {"inactive_since", "(extract(epoch FROM s.inactive_since) * 1000000)::bigint", k17},
      {"spill_bytes", "st.spill_bytes", k14},
      {"stream_bytes", "st.stream_bytes", k14},
      {"total_bytes", "st.total_bytes", k14},
      {"stats_reset", "st.stats_reset::text", k14},
  };
  return columns;
}

const std::vector<VersionedColumn>& receiver_columns() {
  static const std::vector<VersionedColumn> columns = {
      // no receiver row while the standby restores from the archive or reconnects: reported as "stopped"
      // (the WAL receiver's own name for that state) so the replay figures still arrive
      {"status", "coalesce(w.status, 'stopped')"},
      {"sender_host", "w.sender_host"},
      {"sender_port", "w.sender_port"},
      {"slot_name", "w.slot_name"},
      {"receive_lag_bytes", "greatest(pg_wal_lsn_diff(w.written_lsn, w.flushed_lsn), 0)::bigint"},
      {"replay_lag_bytes",
       "greatest(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)::bigint"},
      {"replay_delay_s", "extract(epoch FROM now() - pg_last_xact_replay_timestamp())"},
      {"last_msg_age_s", "extract(epoch FROM now() - w.last_msg_receipt_time)"},
      {"replay_paused", "pg_is_wal_replay_paused()"},
  };
  return columns;
}

}  // namespace

std::string replicas_sql(int version_num) {
  return "SELECT " + select_list(replica_columns(), version_num) + " FROM pg_stat_replication r CROSS JOIN " +
         kSenderPosition + " ORDER BY r.pid LIMIT " + std::to_string(kMaxRows);
}

std::string slots_sql(int version_num) {
  std::string sql = "SELECT " + select_list(slot_columns(), version_num) + " FROM pg_replication_slots s";
  if (version_num >= k14) sql += " LEFT JOIN pg_stat_replication_slots st ON st.slot_name = s.slot_name";
  return sql + " CROSS JOIN " + kSlotPosition + " ORDER BY s.slot_name LIMIT " + std::to_string(kMaxRows);
}

std::string receiver_sql(int version_num) {
  // One row, only in recovery: the WHERE runs before the select list, so pg_is_wal_replay_paused() (an
  // error outside recovery) is never called on a primary.
  return "SELECT " + select_list(receiver_columns(), version_num) +
         " FROM (SELECT 1) one "
         "LEFT JOIN (SELECT status, sender_host, sender_port, slot_name, written_lsn, flushed_lsn, "
         "last_msg_receipt_time FROM pg_stat_wal_receiver LIMIT 1) w ON true"
         " WHERE pg_is_in_recovery()";
}

const counters::Fields& slot_counter_fields() {
  static const counters::Fields f{"stats_reset", {"spill_bytes", "stream_bytes", "total_bytes"}, {}};
  return f;
}

}  // namespace pga::plugins::replication
