#include "plugins/logs/logs-sql.h"

namespace pga::plugins::logs {

Expected<ServerLogSettings> query_log_settings(pg::Connection& conn) {
  auto r = conn.query(
      "SELECT name, setting FROM pg_catalog.pg_settings WHERE name = ANY($1::text[])",
      {std::string("{data_directory,log_directory,log_destination,log_filename,log_line_prefix,log_timezone,"
                   "logging_collector}")});
  if (!r) return r.status();
  ServerLogSettings s;
  for (int i = 0; i < r->rows(); ++i) {
    const std::string name = r->str(i, "name");
    const std::string value = r->str(i, "setting");
    if (name == "data_directory") s.data_directory = value;
    else if (name == "log_directory") s.log_directory = value;
    else if (name == "log_destination") s.log_destination = value;
    else if (name == "log_filename") s.log_filename = value;
    else if (name == "log_line_prefix") s.log_line_prefix = value;
    else if (name == "log_timezone") s.log_timezone = value;
    else if (name == "logging_collector") s.logging_collector = value == "on";
  }
  if (s.data_directory.empty() && !s.log_directory.empty() && s.log_directory.front() != '/')
    return Status::error(StatusCode::kPermissionDenied,
                         "logs: data_directory is not visible to the agent's role: GRANT pg_monitor (or "
                         "pg_read_all_settings) to it, or set plugins.logs.path");
  return s;
}

Status load_zone_table(pg::Connection& conn, const std::string& log_timezone, ZoneTable& zones) {
  auto abbrevs = conn.query(
      "SELECT abbrev, EXTRACT(epoch FROM utc_offset)::int AS offset_s FROM pg_catalog.pg_timezone_abbrevs");
  if (!abbrevs) return abbrevs.status();
  for (int i = 0; i < abbrevs->rows(); ++i) {
    if (auto off = abbrevs->i64(i, "offset_s")) zones.set(abbrevs->str(i, "abbrev"), static_cast<int>(*off));
  }
  auto current = conn.query(
      "SELECT abbrev, EXTRACT(epoch FROM utc_offset)::int AS offset_s FROM pg_catalog.pg_timezone_names "
      "WHERE name = $1",
      {log_timezone});
  if (!current) return current.status();
  for (int i = 0; i < current->rows(); ++i) {
    if (auto off = current->i64(i, "offset_s")) zones.set(current->str(i, "abbrev"), static_cast<int>(*off));
  }
  return Status::ok();
}

}  // namespace pga::plugins::logs
