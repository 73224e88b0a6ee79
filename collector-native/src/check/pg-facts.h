#pragma once
// What --check learns about one PostgreSQL instance (check/pg-probe.cpp gathers it with SQL), kept apart
// from how it is judged (check/pg-rules.cpp), so the judgement — the messages and fixes a user reads — is
// unit-tested without a server.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"

namespace pga::check {

struct PgFacts {
  std::string subject;  // "instance main"
  std::string target;   // "127.0.0.1:5433 database pga as pga" (never a password)
  std::optional<std::string> configured_user;  // connection.user, when set (for the fixes)
  Status connection;    // libpq's reason when the connection failed
  std::optional<std::string> password_problem;  // password_env unset, password_file unreadable

  int version_num = 0;
  std::string version;  // server_version
  std::optional<bool> in_recovery;
  std::string user;
  std::string database;
  bool pg_monitor = false;
  bool superuser = false;
  int64_t role_other_sessions = 0;  // sessions of the same role that are not agents (pg_stat_activity)
  std::optional<std::string> track_io_timing;           // nullopt: not readable
  std::optional<std::string> shared_preload_libraries;  // nullopt: not readable

  bool statements_needed = true;  // statements or querytexts enabled
  Status extension;               // pg_stat_statements created in `database` (message says what to do)
  std::string extension_version;
  Status statements_readable;     // one row read from the view

  bool logs_enabled = false;
  std::string log_destination;        // the server's, "" when unknown
  std::string log_format_option;      // plugins.logs.format (auto, stderr, csvlog, jsonlog)
  Status log_source;                  // the logs plugin's own resolution (what to read, in which format)
  std::string log_format;             // resolved
  std::string log_glob;               // resolved
  Status log_files;                   // listing the glob and opening the newest file
  size_t log_file_count = 0;
  std::string newest_log;
};

}  // namespace pga::check
