#include "check/pg-rules.h"

#include <gtest/gtest.h>

#include <sstream>

namespace pga::check {
namespace {

// A healthy instance: PG 17, pg_monitor, pg_stat_statements preloaded and created.
PgFacts healthy() {
  PgFacts f;
  f.subject = "instance main";
  f.target = "127.0.0.1:5432 database postgres as pga_monitor";
  f.version_num = 170002;
  f.version = "17.2";
  f.in_recovery = false;
  f.user = "pga_monitor";
  f.database = "postgres";
  f.pg_monitor = true;
  f.track_io_timing = "on";
  f.shared_preload_libraries = "pg_stat_statements";
  f.extension_version = "1.11";
  return f;
}

std::vector<CheckLine> judge(const PgFacts& f) {
  CheckReport report;
  judge_instance(f, report);
  return report.lines();
}

const CheckLine* find(const std::vector<CheckLine>& lines, Verdict v, const std::string& needle) {
  for (const auto& l : lines)
    if (l.verdict == v && (l.message + " " + l.fix).find(needle) != std::string::npos) return &l;
  return nullptr;
}

TEST(CheckPgRules, HealthyInstanceIsAllOk) {
  const auto lines = judge(healthy());
  for (const auto& l : lines) EXPECT_EQ(l.verdict, Verdict::kOk) << render_line(l);
  EXPECT_TRUE(find(lines, Verdict::kOk, "PostgreSQL 17.2 (primary)"));
  EXPECT_TRUE(find(lines, Verdict::kOk, "pg_stat_statements 1.11 loaded and created in database \"postgres\""));
}

TEST(CheckPgRules, VersionsOutsideThirteenToEighteenFail) {
  auto f = healthy();
  f.version_num = 120015;
  f.version = "12.15";
  EXPECT_TRUE(find(judge(f), Verdict::kFail, "PostgreSQL 12.15 is not supported (13 to 18 are)"));
  f.version_num = 130000;
  EXPECT_FALSE(find(judge(f), Verdict::kFail, "not supported"));
  f.version_num = 180004;
  f.in_recovery = true;
  EXPECT_TRUE(find(judge(f), Verdict::kOk, "(standby, in recovery)"));
  f.version_num = 190000;
  EXPECT_TRUE(find(judge(f), Verdict::kFail, "not supported"));
}

TEST(CheckPgRules, PgStatStatementsFixesAreExact) {
  auto f = healthy();
  f.shared_preload_libraries = "auto_explain";
  f.extension = Status::not_found("pg_stat_statements is not installed in database \"postgres\"");
  const auto lines = judge(f);
  const auto* preload = find(lines, Verdict::kFail, "not in shared_preload_libraries (now 'auto_explain')");
  ASSERT_TRUE(preload);
  EXPECT_EQ(preload->fix,
            "in postgresql.conf: shared_preload_libraries = 'auto_explain,pg_stat_statements', then restart "
            "PostgreSQL (a reload is not enough)");
  const auto* create = find(lines, Verdict::kFail, "not created in database \"postgres\"");
  ASSERT_TRUE(create);
  EXPECT_EQ(create->fix, "as a superuser, in database postgres: CREATE EXTENSION pg_stat_statements;");

  f = healthy();
  f.shared_preload_libraries = "";
  EXPECT_TRUE(find(judge(f), Verdict::kFail, "shared_preload_libraries = 'pg_stat_statements', then restart"));

  f = healthy();
  f.statements_needed = false;
  f.shared_preload_libraries = "";
  EXPECT_FALSE(find(judge(f), Verdict::kFail, "pg_stat_statements"));

  f = healthy();
  f.shared_preload_libraries.reset();  // hidden from roles without pg_read_all_settings
  EXPECT_TRUE(find(judge(f), Verdict::kWarn, "cannot read shared_preload_libraries"));
}

TEST(CheckPgRules, PreloadListParsing) {
  EXPECT_TRUE(preloads_pg_stat_statements("pg_stat_statements"));
  EXPECT_TRUE(preloads_pg_stat_statements("auto_explain, pg_stat_statements"));
  EXPECT_TRUE(preloads_pg_stat_statements("\"pg_stat_statements\",timescaledb"));
  EXPECT_FALSE(preloads_pg_stat_statements("pg_stat_statements_extra"));
  EXPECT_FALSE(preloads_pg_stat_statements(""));
}

TEST(CheckPgRules, RoleLeastPrivilege) {
  auto f = healthy();
  f.pg_monitor = false;
  const auto lines = judge(f);  // find() points into it
  const auto* grant = find(lines, Verdict::kFail, "not a member of pg_monitor");
  ASSERT_TRUE(grant);
  EXPECT_EQ(grant->fix, "as a superuser: GRANT pg_monitor TO pga_monitor;");
  f = healthy();
  f.superuser = true;
  EXPECT_TRUE(find(judge(f), Verdict::kWarn, "a superuser: the agent needs only pg_monitor"));
  EXPECT_FALSE(find(judge(f), Verdict::kFail, ""));
}

TEST(CheckPgRules, ARoleSharedWithOtherClientsIsAWarning) {
  PgFacts f = healthy();
  f.role_other_sessions = 3;
  const CheckLine* shared = find(judge(f), Verdict::kWarn, "also used by 3 other session(s)");
  ASSERT_NE(shared, nullptr);
  EXPECT_NE(shared->fix.find("CREATE ROLE pga_monitor LOGIN"), std::string::npos);
  f.statements_needed = false;  // nothing is left out without the statements plugin
  EXPECT_FALSE(find(judge(f), Verdict::kWarn, "other session(s)"));
}

TEST(CheckPgRules, TrackIoTimingOffIsANote) {
  auto f = healthy();
  f.track_io_timing = "off";
  const auto lines = judge(f);
  EXPECT_TRUE(find(lines, Verdict::kNote, "track_io_timing is off"));
  EXPECT_FALSE(find(lines, Verdict::kFail, ""));
}

TEST(CheckPgRules, ConnectionFailuresSayWhichPart) {
  struct Case {
    const char* libpq;
    ConnectProblem problem;
    const char* fix_part;
  };
  const Case cases[] = {
      {"connection to server at \"127.0.0.1\", port 5999 failed: Connection refused", ConnectProblem::kHostPort,
       "connection.port"},
      {"could not translate host name \"db9\" to address: Name or service not known", ConnectProblem::kHostPort,
       "connection.host"},
      {"connection to server on socket \"/x/.s.PGSQL.5432\" failed: No such file or directory",
       ConnectProblem::kHostPort, "PostgreSQL runs"},
      {"connection to server at \"h\", port 5432 failed: timeout expired", ConnectProblem::kHostPort, "firewall"},
      {"connection to server at \"h\", port 5432 failed: FATAL:  password authentication failed for user \"pga\"",
       ConnectProblem::kAuthentication, "password_env"},
      {"connection to server at \"h\", port 5432 failed: fe_sendauth: no password supplied",
       ConnectProblem::kAuthentication, "password_file"},
      {"connection to server at \"h\", port 5432 failed: FATAL:  no pg_hba.conf entry for host \"10.0.0.1\"",
       ConnectProblem::kAuthentication, "pg_hba.conf"},
      {"connection to server at \"h\", port 5432 failed: FATAL:  role \"pga\" does not exist",
       ConnectProblem::kAuthentication, "CREATE ROLE pga LOGIN; GRANT pg_monitor TO pga;"},
      {"connection to server at \"h\", port 5432 failed: FATAL:  database \"nope\" does not exist",
       ConnectProblem::kDatabase, "connection.dbname"},
      {"connection to server at \"h\", port 5432 failed: FATAL:  permission denied for database \"x\"",
       ConnectProblem::kDatabase, "GRANT CONNECT"},
      {"connection to server at \"h\", port 5432 failed: server does not support SSL, but SSL was required",
       ConnectProblem::kTls, "sslmode"},
  };
  for (const auto& c : cases) {
    const auto d = diagnose_connect_failure(c.libpq, "pga");
    EXPECT_EQ(d.problem, c.problem) << c.libpq;
    EXPECT_NE(d.fix.find(c.fix_part), std::string::npos) << c.libpq << " -> " << d.fix;
  }
  auto f = healthy();
  f.configured_user = "pga";
  f.connection = Status::unavailable("connection to server at \"h\", port 5432 failed: FATAL:  database \"nope\" does not exist");
  const auto lines = judge(f);
  ASSERT_EQ(lines.size(), 1u);  // nothing else is judged without a connection
  EXPECT_EQ(lines[0].verdict, Verdict::kFail);
  EXPECT_NE(lines[0].message.find("(database)"), std::string::npos);
}

TEST(CheckPgRules, Logs) {
  auto f = healthy();
  f.logs_enabled = true;
  f.log_format_option = "auto";
  f.log_source = Status::not_found("logs: logging_collector is off, so PostgreSQL writes to the stderr ...");
  auto lines = judge(f);
  const auto* off = find(lines, Verdict::kFail, "logging_collector is off");
  ASSERT_TRUE(off);
  EXPECT_EQ(off->message.rfind("logging_collector", 0), 0u);  // the "logs: " prefix is not repeated
  EXPECT_EQ(off->subject, "instance main logs");

  f.log_source = Status::ok();
  f.log_format_option = "csvlog";
  f.log_format = "csvlog";
  f.log_destination = "stderr";
  f.log_glob = "/var/log/pg/*.csv";
  f.log_file_count = 2;
  f.newest_log = "/var/log/pg/b.csv";
  lines = judge(f);
  EXPECT_TRUE(find(lines, Verdict::kWarn, "log_destination is 'stderr'"));
  EXPECT_TRUE(find(lines, Verdict::kOk, "reading csvlog from /var/log/pg/*.csv (2 files, newest /var/log/pg/b.csv)"));

  f.log_files = Status::error(StatusCode::kPermissionDenied, "cannot read /var/log/pg/b.csv");
  EXPECT_TRUE(find(judge(f), Verdict::kFail, "log_file_mode = 0640"));
  f.log_files = Status::ok();
  f.log_file_count = 0;
  EXPECT_TRUE(find(judge(f), Verdict::kWarn, "no file matches"));
}

TEST(CheckReportFormat, LinesFixesAndExitCode) {
  std::ostringstream live;
  CheckReport report(&live);
  report.ok("kafka", "1 broker answered");
  report.note("instance a", "track_io_timing is off", "turn it on");
  EXPECT_EQ(report.exit_code(), 0);
  report.fail("instance a", "not a member of pg_monitor", "GRANT pg_monitor TO x;");
  EXPECT_EQ(report.exit_code(), 1);
  EXPECT_EQ(live.str(),
            "ok    kafka: 1 broker answered\n"
            "note  instance a: track_io_timing is off\n"
            "      fix: turn it on\n"
            "FAIL  instance a: not a member of pg_monitor\n"
            "      fix: GRANT pg_monitor TO x;\n");
  EXPECT_EQ(report.summary(), "1 ok, 1 note, 0 warn, 1 FAIL");
}

}  // namespace
}  // namespace pga::check
