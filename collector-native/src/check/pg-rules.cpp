#include "check/pg-rules.h"

#include <algorithm>
#include <cctype>

namespace pga::check {
namespace {

bool contains(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }

std::string role_or_placeholder(const std::string& role) { return role.empty() ? "<role>" : role; }

// log_destination lists the format (the server writes it) — "stderr,csvlog".
bool destination_has(const std::string& destinations, const std::string& format) {
  size_t start = 0;
  while (start <= destinations.size()) {
    size_t end = destinations.find(',', start);
    if (end == std::string::npos) end = destinations.size();
    std::string item = destinations.substr(start, end - start);
    item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
    if (item == format) return true;
    start = end + 1;
  }
  return false;
}

void judge_version(const PgFacts& f, CheckReport& report) {
  const std::string where = f.in_recovery.value_or(false) ? " (standby, in recovery)" : " (primary)";
  if (f.version_num >= 130000 && f.version_num < 190000) {
    report.ok(f.subject, "PostgreSQL " + f.version + where);
  } else {
    report.fail(f.subject, "PostgreSQL " + f.version + " is not supported (13 to 18 are)",
                "upgrade to a supported major version, or leave this instance out of the configuration");
  }
}

void judge_role(const PgFacts& f, CheckReport& report) {
  const std::string role = role_or_placeholder(f.user);
  if (f.superuser) {
    report.warn(f.subject, "connects as " + role + ", a superuser: the agent needs only pg_monitor",
                "least privilege: CREATE ROLE pga_monitor LOGIN; GRANT pg_monitor TO pga_monitor; and connect as "
                "pga_monitor (connection.user)");
  } else if (f.pg_monitor) {
    report.ok(f.subject, "role " + role + " is a member of pg_monitor and not a superuser");
  } else {
    report.fail(f.subject, "role " + role + " is not a member of pg_monitor: statistics of other sessions, "
                                            "settings and pg_stat_statements texts stay hidden",
                "as a superuser: GRANT pg_monitor TO " + role + ";");
  }
  if (f.statements_needed && f.role_other_sessions > 0) {
    report.warn(f.subject,
                "role " + role + " is also used by " + std::to_string(f.role_other_sessions) +
                    " other session(s): the agent leaves every statement of its own role out of what it reports, "
                    "so theirs are hidden too",
                "give the agent a role of its own: CREATE ROLE pga_monitor LOGIN; GRANT pg_monitor TO pga_monitor; "
                "and connect as pga_monitor (connection.user)");
  }
}

void judge_statements(const PgFacts& f, CheckReport& report) {
  if (!f.statements_needed) {
    report.ok(f.subject, "pg_stat_statements not needed (statements and querytexts are disabled)");
    return;
  }
  bool ok = true;
  if (!f.shared_preload_libraries) {
    report.warn(f.subject, "cannot read shared_preload_libraries (the role lacks pg_read_all_settings)",
                "GRANT pg_monitor TO " + role_or_placeholder(f.user) + "; (it includes pg_read_all_settings)");
  } else if (!preloads_pg_stat_statements(*f.shared_preload_libraries)) {
    ok = false;
    const std::string& now = *f.shared_preload_libraries;
    report.fail(f.subject,
                "pg_stat_statements is not in shared_preload_libraries (now '" + now + "')",
                "in postgresql.conf: shared_preload_libraries = '" +
                    (now.empty() ? std::string("pg_stat_statements") : now + ",pg_stat_statements") +
                    "', then restart PostgreSQL (a reload is not enough)");
  }
  if (!f.extension) {
    ok = false;
    report.fail(f.subject, "the pg_stat_statements extension is not created in database \"" + f.database + "\"",
                "as a superuser, in database " + f.database + ": CREATE EXTENSION pg_stat_statements;");
  } else if (!f.statements_readable) {
    ok = false;
    report.fail(f.subject, "pg_stat_statements cannot be read: " + f.statements_readable.message(),
                preloads_pg_stat_statements(f.shared_preload_libraries.value_or(""))
                    ? "GRANT pg_monitor TO " + role_or_placeholder(f.user) + ";"
                    : "shared_preload_libraries = 'pg_stat_statements' in postgresql.conf, then restart PostgreSQL");
  }
  if (ok)
    report.ok(f.subject, "pg_stat_statements " + f.extension_version + " loaded and created in database \"" +
                             f.database + "\"");
}

void judge_io_timing(const PgFacts& f, CheckReport& report) {
  if (f.track_io_timing && *f.track_io_timing == "off")
    report.note(f.subject, "track_io_timing is off: block read and write times are reported as zero",
                "track_io_timing = on in postgresql.conf, then reload (SELECT pg_reload_conf();) — cheap on "
                "most systems, check with pg_test_timing");
}

void judge_logs(const PgFacts& f, CheckReport& report) {
  if (!f.logs_enabled) return;
  const std::string subject = f.subject + " logs";
  if (!f.log_source) {
    // The logs plugin's messages start with "logs: ", which the subject already says.
    std::string message = f.log_source.message();
    if (message.rfind("logs: ", 0) == 0) message.erase(0, 6);
    report.fail(subject, message,
                "set plugins.logs.path (and format) in the configuration, or change the server's logging settings "
                "as said");
    return;
  }
  if (f.log_format_option != "auto" && !f.log_destination.empty() &&
      !destination_has(f.log_destination, f.log_format)) {
    report.warn(subject,
                "format " + f.log_format + " is configured but the server's log_destination is '" +
                    f.log_destination + "'",
                "set plugins.logs.format to auto, or add " + f.log_format + " to log_destination (then reload)");
  }
  if (!f.log_files) {
    report.fail(subject, f.log_files.message(),
                "the agent's user must be able to list and read " + f.log_glob +
                    ": add it to the group owning the log files (log_file_mode = 0640 makes them group-readable)");
    return;
  }
  if (f.log_file_count == 0) {
    report.warn(subject, "no file matches " + f.log_glob + " yet (format " + f.log_format + ")",
                "check plugins.logs.path and the server's log_directory / log_filename");
    return;
  }
  report.ok(subject, "reading " + f.log_format + " from " + f.log_glob + " (" + std::to_string(f.log_file_count) +
                         " file" + (f.log_file_count == 1 ? "" : "s") + ", newest " + f.newest_log + ")");
}

}  // namespace

ConnectDiagnosis diagnose_connect_failure(const std::string& msg, const std::string& role) {
  const std::string r = role_or_placeholder(role);
  if (contains(msg, "does not exist") && contains(msg, "database \""))
    return {ConnectProblem::kDatabase, "database",
            "set connection.dbname to an existing database (e.g. postgres), or create it"};
  if (contains(msg, "role \"") && contains(msg, "does not exist"))
    return {ConnectProblem::kAuthentication, "authentication",
            "create the role: CREATE ROLE " + r + " LOGIN; GRANT pg_monitor TO " + r + "; or fix connection.user"};
  if (contains(msg, "password authentication failed") || contains(msg, "no password supplied") ||
      contains(msg, "SCRAM") || contains(msg, "Peer authentication failed") ||
      contains(msg, "Ident authentication failed") || contains(msg, "authentication failed"))
    return {ConnectProblem::kAuthentication, "authentication",
            "check the password (connection.password_env / password_file, PGPASSWORD, ~/.pgpass) and the "
            "pg_hba.conf line for role " + r};
  if (contains(msg, "no pg_hba.conf entry"))
    return {ConnectProblem::kAuthentication, "authentication",
            "add a pg_hba.conf line allowing role " + r + " from this host, then reload PostgreSQL"};
  if (contains(msg, "permission denied for database") || contains(msg, "CONNECT privilege"))
    return {ConnectProblem::kDatabase, "database", "GRANT CONNECT ON DATABASE <dbname> TO " + r + ";"};
  if (contains(msg, "SSL") || contains(msg, "certificate"))
    return {ConnectProblem::kTls, "TLS", "check connection.sslmode and sslrootcert against the server's ssl setting"};
  if (contains(msg, "Connection refused") || contains(msg, "could not translate host name") ||
      contains(msg, "No such file or directory") || contains(msg, "timeout expired") ||
      contains(msg, "No route to host") || contains(msg, "Network is unreachable") ||
      contains(msg, "could not connect"))
    return {ConnectProblem::kHostPort, "host/port",
            "check connection.host and connection.port, that PostgreSQL runs, and that listen_addresses and any "
            "firewall let this host in"};
  return {ConnectProblem::kOther, "connection", "see the message; check the connection settings"};
}

bool preloads_pg_stat_statements(const std::string& value) {
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    std::string item = value.substr(start, end - start);
    item.erase(std::remove_if(item.begin(), item.end(),
                              [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\''; }),
               item.end());
    if (item == "pg_stat_statements") return true;
    start = end + 1;
  }
  return false;
}

void judge_instance(const PgFacts& f, CheckReport& report) {
  if (f.password_problem)
    report.warn(f.subject, *f.password_problem + ": libpq falls back to PGPASSWORD and ~/.pgpass",
                "export the variable in the agent's environment (systemd: Environment= or EnvironmentFile=), or "
                "fix the file's path and permissions");
  if (!f.connection) {
    const auto d = diagnose_connect_failure(f.connection.message(), f.configured_user.value_or(""));
    report.fail(f.subject, "cannot connect to " + f.target + " (" + d.what + "): " + f.connection.message(), d.fix);
    return;
  }
  report.ok(f.subject, "connected to " + f.target);
  judge_version(f, report);
  judge_role(f, report);
  judge_statements(f, report);
  judge_io_timing(f, report);
  judge_logs(f, report);
}

}  // namespace pga::check
