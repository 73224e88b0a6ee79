#pragma once
// Judging the facts of one instance: each rule adds ok / note / warn / FAIL lines with the exact fix
// (`shared_preload_libraries = 'pg_stat_statements'` + restart, `CREATE EXTENSION pg_stat_statements;`,
// `GRANT pg_monitor TO <role>;` ...). Pure functions: no SQL, no files.
#include <string>

#include "check/check-report.h"
#include "check/pg-facts.h"

namespace pga::check {

enum class ConnectProblem { kHostPort, kAuthentication, kDatabase, kTls, kOther };

struct ConnectDiagnosis {
  ConnectProblem problem;
  std::string what;  // "host/port", "authentication", "database", "TLS", "connection"
  std::string fix;
};

// Reads libpq's message (e.g. `password authentication failed for user "x"`) to say which part failed.
ConnectDiagnosis diagnose_connect_failure(const std::string& libpq_message, const std::string& role);

// Whether a shared_preload_libraries value lists pg_stat_statements (comma list, spaces and quotes allowed).
bool preloads_pg_stat_statements(const std::string& shared_preload_libraries);

// Every line for one instance: connection, version, role, pg_stat_statements, track_io_timing, logs.
void judge_instance(const PgFacts& facts, CheckReport& report);

}  // namespace pga::check
