#include "check/pg-probe.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <map>
#include <memory>

#include "pg/instance.h"
#include "plugins/common/pgss-extension.h"
#include "plugins/logs/file-scan.h"
#include "plugins/logs/logs-options.h"
#include "plugins/logs/logs-sql.h"

namespace pga::check {
namespace {

// libpq's messages span lines ("...failed: Connection refused\n\tIs the server running..."): one line here.
std::string one_line(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') {
      out += "; ";
    } else if (c != '\t' && c != '\r') {
      out += c;
    }
  }
  while (out.size() >= 2 && out.compare(out.size() - 2, 2, "; ") == 0) out.resize(out.size() - 2);
  return out;
}

std::map<std::string, std::string> dsn_parts(const std::string& dsn) {
  std::map<std::string, std::string> parts;
  char* err = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> opts(PQconninfoParse(dsn.c_str(), &err),
                                                                     &PQconninfoFree);
  if (err) PQfreemem(err);
  if (!opts) return parts;
  for (PQconninfoOption* o = opts.get(); o->keyword; ++o)
    if (o->val && *o->val) parts[o->keyword] = o->val;
  return parts;
}

void probe_logs(const config::InstanceConfig& instance, pg::Connection& conn, PgFacts& f) {
  const auto it = instance.plugins.find("logs");
  if (it == instance.plugins.end() || !it->second.enabled) return;
  f.logs_enabled = true;
  const auto options = plugins::logs::read_options(&it->second);
  f.log_format_option = options.format;
  std::optional<plugins::logs::ServerLogSettings> server;
  if (auto s = plugins::logs::query_log_settings(conn)) {
    server = *s;
    f.log_destination = s->log_destination;
  }
  auto source = plugins::logs::resolve_source(options, server);
  if (!source) {
    f.log_source = source.status();
    return;
  }
  f.log_format = source->format;
  f.log_glob = source->glob;
  auto files = plugins::logs::list_files(source->glob, 1000);
  if (!files) {
    f.log_files = files.status();
    return;
  }
  f.log_file_count = files->size();
  const plugins::logs::FileInfo* newest = nullptr;
  for (const auto& file : *files)
    if (!newest || file.mtime_ns > newest->mtime_ns) newest = &file;
  if (!newest) return;
  f.newest_log = newest->path;
  plugins::logs::UniqueFd fd(::open(newest->path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) f.log_files = Status::error(StatusCode::kPermissionDenied, "cannot read " + newest->path);
}

}  // namespace

std::string describe_target(const config::ConnectionConfig& c, const config::EnvLookup& env) {
  std::map<std::string, std::string> parts;
  std::string prefix;
  if (c.dsn_env) {
    const auto dsn = env ? env(c.dsn_env->c_str()) : std::nullopt;
    parts = dsn_parts(dsn.value_or(""));
    prefix = "$" + *c.dsn_env + ": ";
  } else {
    if (c.host) parts["host"] = *c.host;
    if (c.port) parts["port"] = std::to_string(*c.port);
    if (c.dbname) parts["dbname"] = *c.dbname;
    if (c.user) parts["user"] = *c.user;
  }
  auto get = [&](const char* key, const char* env_name, const char* def) {
    if (parts.count(key)) return parts[key];
    if (auto v = env ? env(env_name) : std::nullopt) return *v;
    return std::string(def);
  };
  const std::string user = get("user", "PGUSER", "(OS user name)");
  return prefix + get("host", "PGHOST", "localhost") + ":" + get("port", "PGPORT", "5432") + " database " +
         get("dbname", "PGDATABASE", "(same as user)") + " as " + user;
}

PgFacts probe_instance(const config::InstanceConfig& instance, const config::EnvLookup& env) {
  PgFacts f;
  f.subject = "instance " + instance.name;
  f.target = describe_target(instance.connection, env);
  f.configured_user = instance.connection.user;
  const auto& c = instance.connection;
  if (c.dsn_env && !(env && env(c.dsn_env->c_str()))) {
    f.connection = Status::invalid("connection.dsn_env: the environment variable " + *c.dsn_env + " is not set");
    return f;
  }
  if (c.password_env && !(env && env(c.password_env->c_str())))
    f.password_problem = "connection.password_env: the environment variable " + *c.password_env + " is not set";
  if (c.password_file && ::access(c.password_file->c_str(), R_OK) != 0)
    f.password_problem = "connection.password_file: " + *c.password_file + " cannot be read by the agent's user";
  const auto stmts = instance.plugins.find("statements");
  const auto texts = instance.plugins.find("querytexts");
  f.statements_needed = (stmts != instance.plugins.end() && stmts->second.enabled) ||
                        (texts != instance.plugins.end() && texts->second.enabled);

  pg::Instance inst(instance);
  auto conn = inst.primary();
  if (!conn) {
    f.connection = Status::error(conn.status().code(), one_line(conn.status().message()));
    return f;
  }
  pg::Connection& db = **conn;
  auto who = db.query(
      "SELECT current_user AS usr, current_database() AS db, current_setting('server_version') AS version, "
      "current_setting('server_version_num')::int AS version_num, pg_is_in_recovery() AS in_recovery, "
      "r.rolsuper AS superuser, pg_has_role(current_user, 'pg_monitor', 'MEMBER') AS pg_monitor "
      "FROM pg_roles r WHERE r.rolname = current_user");
  if (!who || who->rows() != 1) {
    f.connection = who ? Status::internal("no row for the current role") : who.status();
    return f;
  }
  f.user = who->str(0, "usr");
  f.database = who->str(0, "db");
  f.version = who->str(0, "version");
  f.version_num = static_cast<int>(who->i64(0, "version_num").value_or(0));
  f.in_recovery = who->boolean(0, "in_recovery");
  f.superuser = who->boolean(0, "superuser").value_or(false);
  f.pg_monitor = who->boolean(0, "pg_monitor").value_or(false);
  // The statements plugin leaves out every entry of its own role: other clients of that role vanish too.
  auto shared = db.query(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE usename = current_user AND pid <> pg_backend_pid() "
      "AND application_name IS DISTINCT FROM 'pga-agent'");
  if (shared && shared->rows() == 1) f.role_other_sessions = shared->i64(0, "n").value_or(0);

  // pg_settings hides superuser-only settings (shared_preload_libraries) from roles without
  // pg_read_all_settings: a missing row means "cannot tell", not "empty".
  auto settings = db.query("SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])",
                           {std::string("{shared_preload_libraries,track_io_timing}")});
  if (settings) {
    for (int i = 0; i < settings->rows(); ++i) {
      const std::string name = settings->str(i, "name");
      if (name == "shared_preload_libraries") f.shared_preload_libraries = settings->str(i, "setting");
      if (name == "track_io_timing") f.track_io_timing = settings->str(i, "setting");
    }
  }

  if (f.statements_needed) {
    auto ext = plugins::pgss::read_extension(db);
    if (!ext) {
      f.extension = ext.status();
    } else {
      f.extension_version = ext->version;
      // The schema comes quote_ident()ed from the server; showtext := false never reads the texts file.
      auto row = db.query("SELECT 1 FROM " + ext->schema + ".pg_stat_statements(false) LIMIT 1");
      if (!row) f.statements_readable = plugins::pgss::explain_failure(row.status());
    }
  }
  probe_logs(instance, db, f);
  return f;
}

}  // namespace pga::check
