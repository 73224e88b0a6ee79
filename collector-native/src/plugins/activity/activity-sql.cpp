#include "plugins/activity/activity-sql.h"

#include <vector>

#include "plugins/common/versioned-columns.h"

namespace pga::plugins::activity {
namespace {

constexpr int k14 = 140000;

const std::vector<VersionedColumn>& session_columns() {
  static const std::vector<VersionedColumn> columns = {
      {"pid", "a.pid"},
      {"datname", "a.datname"},
      {"usename", "a.usename"},
      {"application_name", "a.application_name"},
      {"backend_type", "a.backend_type"},
      {"state", "a.state"},
      {"wait_event_type", "a.wait_event_type"},
      {"wait_event", "a.wait_event"},
      {"xact_age_s", "extract(epoch FROM now() - a.xact_start)"},
      {"query_age_s", "extract(epoch FROM now() - a.query_start)"},
      {"state_change_age_s", "extract(epoch FROM now() - a.state_change)"},
      {"marked", "coalesce(strpos(a.query, $1) > 0, false)"},
      {"max_connections", "m.max_connections"},
  };
  return columns;
}

const std::vector<VersionedColumn>& blocking_columns() {
  static const std::vector<VersionedColumn> columns = {
      {"blocked_pid", "w.pid"},
      {"blocking_pid", "bp.pid"},
      {"blocked_usename", "w.usename"},
      {"blocking_usename", "b.usename"},
      {"blocked_datname", "w.datname"},
      {"blocking_datname", "b.datname"},
      {"blocked_query_id", "w.query_id", k14},
      {"blocking_query_id", "b.query_id", k14},
      {"blocking_state", "b.state"},
      {"wait_event_type", "w.wait_event_type"},
      {"wait_event", "w.wait_event"},
      {"lock_type", "l.locktype"},
      {"wait_s", "greatest(extract(epoch FROM now() - coalesce(l.waitstart, w.state_change)), 0)", k14},
      {"wait_s", "greatest(extract(epoch FROM now() - w.state_change), 0)", 0, k14 - 1},
  };
  return columns;
}

}  // namespace

std::string sessions_sql(int version_num) {
  return "SELECT " + select_list(session_columns(), version_num) +
         " FROM pg_stat_activity a"
         " CROSS JOIN (SELECT current_setting('max_connections')::int AS max_connections) m"
         " LIMIT " +
         std::to_string(kSessionRowsGuard);
}

std::string blocking_sql(int version_num) {
  const bool has_14 = version_num >= k14;
  return std::string("WITH w AS (SELECT pid, usename, datname, wait_event_type, wait_event, state_change") +
         (has_14 ? ", query_id" : "") +
         " FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> ALL($1::int[])"
         " ORDER BY state_change LIMIT $2),"
         " l AS (SELECT DISTINCT ON (pid) pid, locktype" +
         (has_14 ? ", waitstart" : "") +
         " FROM pg_locks WHERE NOT granted ORDER BY pid" + (has_14 ? ", waitstart" : "") +
         ")"
         " SELECT " +
         select_list(blocking_columns(), version_num) +
         " FROM w"
         // parallel queries can list a blocking PID several times
         " CROSS JOIN LATERAL (SELECT DISTINCT p FROM unnest(pg_blocking_pids(w.pid)) AS p) AS bp(pid)"
         " LEFT JOIN pg_stat_activity b ON b.pid = bp.pid"
         " LEFT JOIN l ON l.pid = w.pid"
         " WHERE bp.pid <> ALL($1::int[])"
         " ORDER BY wait_s DESC, w.pid, bp.pid LIMIT $2";
}

}  // namespace pga::plugins::activity
