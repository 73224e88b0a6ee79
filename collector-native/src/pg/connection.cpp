#include "pg/connection.h"

#include <cstring>

namespace pga::pg {
namespace {

std::string trim_message(const char* msg) {
  std::string s = msg ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string with_marker(const std::string& sql) {
  // After the first keyword, not before it: PostgreSQL 18 strips a leading comment from the text that
  // pg_stat_statements stores, and the querytexts plugin recognises the agent's statements by the marker.
  size_t start = sql.find_first_not_of(" \t\n");
  if (start == std::string::npos) return sql;
  size_t end = sql.find_first_of(" \t\n(", start);
  if (end == std::string::npos) return sql + " " + kMarker;
  return sql.substr(0, end) + " " + kMarker + sql.substr(end);
}

Status status_from_result(PGconn* conn, const PGresult* res) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = trim_message(res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  if (msg.empty()) msg = trim_message(PQerrorMessage(conn));
  if (PQstatus(conn) != CONNECTION_OK) return Status::unavailable("connection lost: " + msg);
  if (!state) return Status::internal(msg);
  const std::string code(state);
  if (code == "57014") return Status::error(StatusCode::kTimeout, msg);           // query_canceled
  if (code == "55P03") return Status::error(StatusCode::kTimeout, msg);           // lock_not_available
  if (code == "42501") return Status::error(StatusCode::kPermissionDenied, msg);  // insufficient_privilege
  if (code == "42P01" || code == "42883" || code == "42704" || code == "55000") return Status::not_found(msg);
  if (code.rfind("08", 0) == 0 || code.rfind("57P", 0) == 0 || code == "40001" || code == "40P01")
    return Status::unavailable(msg);  // connection exceptions, shutdown, recovery conflicts
  return Status::internal(code + " " + msg);
}

Expected<std::unique_ptr<Connection>> Connection::open(const ConnectionOptions& options) {
  std::vector<const char*> keys;
  std::vector<const char*> values;
  std::map<std::string, std::string> params = options.params;
  params["application_name"] = kApplicationName;
  if (!params.count("connect_timeout")) params["connect_timeout"] = "10";
  // Session settings travel in the startup packet: no extra round trip, and they hold from the first query.
  params["options"] = "-c statement_timeout=" + std::to_string(options.statement_timeout_ms) +
                      " -c lock_timeout=" + std::to_string(options.lock_timeout_ms) +
                      " -c idle_in_transaction_session_timeout=60000" +
                      " -c default_transaction_read_only=on";
  // The dsn goes first as an expanded "dbname": the keywords after it (even a second dbname) win.
  if (options.dsn) {
    keys.push_back("dbname");
    values.push_back(options.dsn->c_str());
  }
  for (const auto& [k, v] : params) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), options.dsn ? 1 : 0);
  if (!conn) return Status::internal("libpq could not allocate a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string msg = trim_message(PQerrorMessage(conn));
    PQfinish(conn);
    const bool auth = msg.find("password") != std::string::npos || msg.find("authentication") != std::string::npos ||
                      msg.find("permission denied") != std::string::npos;
    return Status::error(auth ? StatusCode::kPermissionDenied : StatusCode::kUnavailable, msg);
  }
  return std::unique_ptr<Connection>(new Connection(conn));
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

Expected<Result> Connection::query(const std::string& sql, const std::vector<Param>& params) {
  if (PQstatus(conn_) != CONNECTION_OK) {
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) return Status::unavailable(trim_message(PQerrorMessage(conn_)));
  }
  const std::string text = with_marker(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* res = PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0);
  const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return Result(res);
  Status status = status_from_result(conn_, res);
  if (res) PQclear(res);
  return status;
}

bool Connection::healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
int Connection::server_version_num() const { return PQserverVersion(conn_); }
std::string Connection::database() const { return PQdb(conn_) ? PQdb(conn_) : ""; }
int Connection::backend_pid() const { return PQbackendPID(conn_); }

}  // namespace pga::pg
