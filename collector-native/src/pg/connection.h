#pragma once
// One libpq connection of the agent to a monitored PostgreSQL, set up to be safe for the server it watches:
// application_name "pga-agent", statement_timeout and lock_timeout on every session, read-only transactions
// by default, and every statement prefixed with the marker comment so the agent can leave its own queries
// out of what it reports. SQL is always parameterised (PQexecParams).
#include <libpq-fe.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "pg/result.h"

namespace pga::pg {

// Every statement the agent sends carries this comment (pgwatch's practice), right after its first keyword.
inline constexpr const char* kMarker = "/* pga-agent */";
// "SELECT 1" → "SELECT /* pga-agent */ 1".
std::string with_marker(const std::string& sql);
inline constexpr const char* kApplicationName = "pga-agent";

struct ConnectionOptions {
  // A whole libpq connection string or URI (dsn_env), expanded first; `params` after it win.
  std::optional<std::string> dsn;
  // libpq keywords → values (host, port, dbname, user, password, sslmode, sslrootcert, connect_timeout).
  std::map<std::string, std::string> params;
  int statement_timeout_ms = 5000;
  int lock_timeout_ms = 1000;
};

using Param = std::optional<std::string>;

class Connection {
 public:
  // Connects and sets the session up; the Status says what failed (without the password).
  static Expected<std::unique_ptr<Connection>> open(const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement (the marker is prepended) with text parameters $1..$n.
  Expected<Result> query(const std::string& sql, const std::vector<Param>& params = {});
  bool healthy() const;
  int server_version_num() const;
  std::string database() const;
  // The PID of this session's backend, left out of activity samples.
  int backend_pid() const;

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
};

// Maps a libpq/SQLSTATE failure to a Status: connection problems and timeouts are retryable, privileges are
// permission_denied, undefined objects (view, function, extension) not_found.
Status status_from_result(PGconn* conn, const PGresult* res);

}  // namespace pga::pg
