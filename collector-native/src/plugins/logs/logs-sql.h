#pragma once
// The plugin's two queries. Both work for a role with pg_monitor only: pg_settings shows data_directory
// to members of pg_read_all_settings (part of pg_monitor), and the time-zone views are public.
// (pg_current_logfile() would name the current file, but it is superuser-only by default, and
// pg_ls_logdir() would only list what the glob already finds.)
#include "core/status.h"
#include "pg/connection.h"
#include "plugins/logs/log-time.h"
#include "plugins/logs/logs-options.h"

namespace pga::plugins::logs {

Expected<ServerLogSettings> query_log_settings(pg::Connection& conn);

// The abbreviations PostgreSQL may write in log timestamps and their offsets: the server's abbreviation
// table, then log_timezone's current abbreviation (which wins). At most a few hundred rows.
Status load_zone_table(pg::Connection& conn, const std::string& log_timezone, ZoneTable& zones);

}  // namespace pga::plugins::logs
