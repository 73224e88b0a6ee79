#include "plugins/logs/logs-options.h"

#include <sys/stat.h>

#include <algorithm>

namespace pga::plugins::logs {
namespace {

const nlohmann::json* option(const config::PluginConfig* plugin, const char* key) {
  if (plugin == nullptr || !plugin->options.is_object()) return nullptr;
  const auto it = plugin->options.find(key);
  return it == plugin->options.end() ? nullptr : &*it;
}

std::optional<std::string> string_option(const config::PluginConfig* plugin, const char* key) {
  const nlohmann::json* v = option(plugin, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool has_destination(const std::string& destinations, const std::string& name) {
  // log_destination is a comma-separated list ("stderr,csvlog")
  size_t start = 0;
  while (start <= destinations.size()) {
    size_t end = destinations.find(',', start);
    if (end == std::string::npos) end = destinations.size();
    std::string item = destinations.substr(start, end - start);
    item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
    if (item == name) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

LogsOptions read_options(const config::PluginConfig* plugin) {
  LogsOptions o;
  if (auto p = string_option(plugin, "path"); p && !p->empty()) o.path = *p;
  if (auto f = string_option(plugin, "format");
      f && (*f == "auto" || *f == "stderr" || *f == "csvlog" || *f == "jsonlog"))
    o.format = *f;
  if (auto p = string_option(plugin, "log_line_prefix")) o.log_line_prefix = *p;
  if (const auto* v = option(plugin, "max_event_bytes"); v && v->is_number_integer())
    o.max_event_bytes = std::clamp<int64_t>(v->get<int64_t>(), 1024, 1048576);
  if (const auto* v = option(plugin, "redact_parameters"); v && v->is_boolean()) o.redact_parameters = v->get<bool>();
  if (auto s = string_option(plugin, "start_at")) o.start_at_end = *s != "beginning";
  return o;
}

std::string file_glob(const std::string& log_filename, const std::string& format) {
  std::string g;
  for (size_t i = 0; i < log_filename.size(); ++i) {
    const char c = log_filename[i];
    if (c == '%' && i + 1 < log_filename.size()) {
      ++i;
      if (log_filename[i] == '%') {
        g += '%';
      } else if (g.empty() || g.back() != '*') {
        g += '*';
      }
      continue;
    }
    g += c;
  }
  if (g.empty()) g = "*";
  if (format == "stderr") return g;
  const std::string suffix = format == "csvlog" ? ".csv" : ".json";
  if (g.size() >= 4 && g.compare(g.size() - 4, 4, ".log") == 0) return g.substr(0, g.size() - 4) + suffix;
  return g + suffix;
}

Expected<LogSource> resolve_source(const LogsOptions& options, const std::optional<ServerLogSettings>& server) {
  LogSource src;
  src.format = options.format;
  if (src.format == "auto") {
    if (!server)
      return Status::invalid("logs: format auto needs the server's log_destination; set plugins.logs.format");
    // the structured formats carry SQLSTATE, backend type and query id: preferred when the server writes them
    if (has_destination(server->log_destination, "jsonlog")) src.format = "jsonlog";
    else if (has_destination(server->log_destination, "csvlog")) src.format = "csvlog";
    else if (has_destination(server->log_destination, "stderr")) src.format = "stderr";
    else
      return Status::not_found("logs: log_destination is '" + server->log_destination +
                               "': the agent reads log files; add stderr, csvlog or jsonlog to log_destination "
                               "(csvlog/jsonlog need logging_collector = on)");
  }
  if (src.format == "stderr") {
    if (options.log_line_prefix) src.log_line_prefix = *options.log_line_prefix;
    else if (server) src.log_line_prefix = server->log_line_prefix;
    else return Status::invalid("logs: format stderr needs log_line_prefix (the server's could not be read)");
  }
  const std::string name_glob = file_glob(server ? server->log_filename : "*.log", src.format);
  if (options.path) {
    if (options.path->empty() || options.path->front() != '/')
      return Status::invalid("logs: path must be absolute: " + *options.path);
    src.glob = is_directory(*options.path) ? *options.path + "/" + name_glob : *options.path;
    return src;
  }
  if (!server) return Status::invalid("logs: set plugins.logs.path (the server's log_directory could not be read)");
  if (!server->logging_collector) {
    if (src.format == "stderr")
      return Status::not_found("logs: logging_collector is off, so PostgreSQL writes to the stderr it was started "
                               "with; set plugins.logs.path to that file (Debian: /var/log/postgresql/"
                               "postgresql-<version>-<cluster>.log) or turn logging_collector on");
    return Status::not_found("logs: " + src.format + " needs logging_collector = on");
  }
  std::string dir = server->log_directory;
  if (dir.empty() || dir.front() != '/') dir = server->data_directory + "/" + dir;
  src.glob = dir + "/" + name_glob;
  return src;
}

}  // namespace pga::plugins::logs
