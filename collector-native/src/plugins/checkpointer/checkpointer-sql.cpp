#include "plugins/checkpointer/checkpointer-sql.h"

#include <vector>

#include "plugins/common/versioned-columns.h"

namespace pga::plugins::checkpointer {
namespace {

constexpr int k17 = kPgStatCheckpointerSince;
constexpr int k18 = 180000;

const std::vector<VersionedColumn>& stats_columns() {
  static const std::vector<VersionedColumn> columns = {
      {"checkpoints_timed", "b.checkpoints_timed", kAnyVersion, k17 - 1},
      {"checkpoints_timed", "c.num_timed", k17},
      {"checkpoints_requested", "b.checkpoints_req", kAnyVersion, k17 - 1},
      {"checkpoints_requested", "c.num_requested", k17},
      {"checkpoints_done", "c.num_done", k18},
      {"checkpoint_write_time_ms", "b.checkpoint_write_time", kAnyVersion, k17 - 1},
      {"checkpoint_write_time_ms", "c.write_time", k17},
      {"checkpoint_sync_time_ms", "b.checkpoint_sync_time", kAnyVersion, k17 - 1},
      {"checkpoint_sync_time_ms", "c.sync_time", k17},
      {"buffers_checkpoint", "b.buffers_checkpoint", kAnyVersion, k17 - 1},
      {"buffers_checkpoint", "c.buffers_written", k17},
      {"restartpoints_timed", "c.restartpoints_timed", k17},
      {"restartpoints_requested", "c.restartpoints_req", k17},
      {"restartpoints_done", "c.restartpoints_done", k17},
      {"slru_written", "c.slru_written", k18},
      {"checkpointer_reset", "b.stats_reset::text", kAnyVersion, k17 - 1},
      {"checkpointer_reset", "c.stats_reset::text", k17},

      {"buffers_clean", "b.buffers_clean"},
      {"maxwritten_clean", "b.maxwritten_clean"},
      {"buffers_backend", "b.buffers_backend", kAnyVersion, k17 - 1},
      {"buffers_backend_fsync", "b.buffers_backend_fsync", kAnyVersion, k17 - 1},
      {"buffers_alloc", "b.buffers_alloc"},
      {"bgwriter_reset", "b.stats_reset::text"},

      {"wal_records", "w.wal_records", kPgStatWalSince},
      {"wal_fpi", "w.wal_fpi", kPgStatWalSince},
      {"wal_bytes", "w.wal_bytes", kPgStatWalSince},
      {"wal_buffers_full", "w.wal_buffers_full", kPgStatWalSince},
      {"wal_write", "w.wal_write", kPgStatWalSince, k18 - 1},
      {"wal_sync", "w.wal_sync", kPgStatWalSince, k18 - 1},
      {"wal_write_time_ms", "w.wal_write_time", kPgStatWalSince, k18 - 1},
      {"wal_sync_time_ms", "w.wal_sync_time", kPgStatWalSince, k18 - 1},
      {"wal_reset", "w.stats_reset::text", kPgStatWalSince},
  };
  return columns;
}

const std::vector<VersionedColumn>& io_columns() {
  static const std::vector<VersionedColumn> columns = {
      {"backend_type", "backend_type"},
      {"object", "object"},
      {"context", "context"},
      {"reads", "reads"},
      {"read_bytes", "reads * op_bytes", kAnyVersion, k18 - 1},
      {"read_bytes", "read_bytes", k18},
      {"read_time_ms", "read_time"},
      {"writes", "writes"},
      {"write_bytes", "writes * op_bytes", kAnyVersion, k18 - 1},
      {"write_bytes", "write_bytes", k18},
      {"write_time_ms", "write_time"},
      {"writebacks", "writebacks"},
      {"writeback_time_ms", "writeback_time"},
      {"extends", "extends"},
      {"extend_bytes", "extends * op_bytes", kAnyVersion, k18 - 1},
      {"extend_bytes", "extend_bytes", k18},
      {"extend_time_ms", "extend_time"},
      {"hits", "hits"},
      {"evictions", "evictions"},
      {"reuses", "reuses"},
      {"fsyncs", "fsyncs"},
      {"fsync_time_ms", "fsync_time"},
      {"stats_reset", "stats_reset::text"},
  };
  return columns;
}

}  // namespace

std::string stats_sql(int version_num) {
  std::string sql = "SELECT " + select_list(stats_columns(), version_num) + " FROM pg_stat_bgwriter b";
  if (version_num >= kPgStatCheckpointerSince) sql += " CROSS JOIN pg_stat_checkpointer c";
  if (version_num >= kPgStatWalSince) sql += " CROSS JOIN pg_stat_wal w";
  return sql;
}

std::string io_sql(int version_num) {
  if (version_num < kPgStatIoSince) return "";
  // The LIMIT is a guard only: pg_stat_io has one row per valid (backend_type, object, context), ~80.
  return "SELECT " + select_list(io_columns(), version_num) +
         " FROM pg_stat_io ORDER BY backend_type, object, context LIMIT 1000";
}

const counters::Fields& checkpointer_fields() {
  static const counters::Fields f{
      "checkpointer_reset",
      {"checkpoints_timed", "checkpoints_requested", "checkpoints_done", "buffers_checkpoint", "restartpoints_timed",
       "restartpoints_requested", "restartpoints_done", "slru_written"},
      {"checkpoint_write_time_ms", "checkpoint_sync_time_ms"}};
  return f;
}

const counters::Fields& bgwriter_fields() {
  static const counters::Fields f{
      "bgwriter_reset",
      {"buffers_clean", "maxwritten_clean", "buffers_backend", "buffers_backend_fsync", "buffers_alloc"},
      {}};
  return f;
}

const counters::Fields& wal_fields() {
  static const counters::Fields f{
      "wal_reset",
      {"wal_records", "wal_fpi", "wal_bytes", "wal_buffers_full", "wal_write", "wal_sync"},
      {"wal_write_time_ms", "wal_sync_time_ms"}};
  return f;
}

const counters::Fields& io_fields() {
  static const counters::Fields f{
      "stats_reset",
      {"reads", "read_bytes", "writes", "write_bytes", "writebacks", "extends", "extend_bytes", "hits", "evictions",
       "reuses", "fsyncs"},
      {"read_time_ms", "write_time_ms", "writeback_time_ms", "extend_time_ms", "fsync_time_ms"}};
  return f;
}

}  // namespace pga::plugins::checkpointer
