#pragma once
// The logs plugin's options (docs/collector-config.md, "logs options") read from the plugin's JSON without
// exceptions, and the resolution of what to read: the file glob, the format and the log_line_prefix, from
// the options first and from the server's settings where the options leave them out.
#include <cstdint>
#include <optional>
#include <string>

#include "config/agent-config.h"
#include "core/status.h"

namespace pga::plugins::logs {

struct LogsOptions {
  std::optional<std::string> path;  // absolute directory or file glob
  std::string format = "auto";      // auto | stderr | csvlog | jsonlog
  std::optional<std::string> log_line_prefix;
  int64_t max_event_bytes = 65536;
  bool redact_parameters = true;
  bool start_at_end = true;  // start_at: end | beginning
};

// Out-of-range or mistyped values fall back to their default (the validator refuses them earlier).
LogsOptions read_options(const config::PluginConfig* plugin);

// The server settings the plugin needs (pg_settings, readable by pg_monitor through pg_read_all_settings).
struct ServerLogSettings {
  std::string data_directory;
  std::string log_directory;
  std::string log_destination;
  std::string log_filename;
  std::string log_line_prefix;
  std::string log_timezone;
  bool logging_collector = false;
};

struct LogSource {
  std::string glob;
  std::string format;  // stderr | csvlog | jsonlog
  std::string log_line_prefix;
};

// Fails with what to do when neither the options nor the server say where and what to read.
Expected<LogSource> resolve_source(const LogsOptions& options, const std::optional<ServerLogSettings>& server);

// The glob of the files PostgreSQL names after log_filename: strftime escapes become "*", and csvlog/jsonlog
// files take the .csv/.json suffix PostgreSQL gives them (replacing ".log", appended otherwise).
std::string file_glob(const std::string& log_filename, const std::string& format);

}  // namespace pga::plugins::logs
