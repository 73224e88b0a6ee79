#include "pg/instance.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/log.h"

namespace pga::pg {
namespace {

constexpr auto kDatabasesRefresh = std::chrono::seconds(60);

std::optional<std::string> read_secret_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

bool matches_any(const std::vector<std::string>& globs, const std::string& name) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_match(g, name); });
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

void StatementTextQueue::want(int64_t queryid) {
  std::lock_guard<std::mutex> lock(mu_);
  if (wanted_.size() < kMaxWanted) wanted_.insert(queryid);
}

void StatementTextQueue::want_all(const std::vector<int64_t>& queryids) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int64_t q : queryids) {
    if (wanted_.size() >= kMaxWanted) break;
    wanted_.insert(q);
  }
}

std::vector<int64_t> StatementTextQueue::take(size_t max) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<int64_t> out(wanted_.begin(), wanted_.end());
  std::sort(out.begin(), out.end());
  if (out.size() > max) out.resize(max);
  for (int64_t q : out) wanted_.erase(q);
  return out;
}

size_t StatementTextQueue::wanted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return wanted_.size();
}

void StatementTextQueue::set_known(std::vector<int64_t> queryids) {
  std::lock_guard<std::mutex> lock(mu_);
  known_ = std::move(queryids);
}

std::vector<int64_t> StatementTextQueue::known() const {
  std::lock_guard<std::mutex> lock(mu_);
  return known_;
}

Instance::Instance(config::InstanceConfig config) : config_(std::move(config)) {}
Instance::~Instance() = default;

ConnectionOptions Instance::connection_options(const std::optional<std::string>& dbname) const {
  ConnectionOptions o;
  o.statement_timeout_ms = config_.statement_timeout_ms;
  o.lock_timeout_ms = config_.lock_timeout_ms;
  const auto& c = config_.connection;
  if (c.dsn_env) {
    const char* dsn = std::getenv(c.dsn_env->c_str());
    o.dsn = dsn ? dsn : "";
    if (dbname) o.params["dbname"] = *dbname;  // another database of the same instance
  } else {
    if (c.host) o.params["host"] = *c.host;
    if (c.port) o.params["port"] = std::to_string(*c.port);
    if (dbname) {
      o.params["dbname"] = *dbname;
    } else if (c.dbname) {
      o.params["dbname"] = *c.dbname;
    }
    if (c.user) o.params["user"] = *c.user;
    if (c.sslmode) o.params["sslmode"] = *c.sslmode;
    if (c.sslrootcert) o.params["sslrootcert"] = *c.sslrootcert;
    if (c.password_env) {
      if (const char* pw = std::getenv(c.password_env->c_str())) o.params["password"] = pw;
    } else if (c.password_file) {
      if (auto pw = read_secret_file(*c.password_file)) o.params["password"] = *pw;
    }
  }
  o.params["connect_timeout"] = std::to_string(c.connect_timeout_s);
  return o;
}

Expected<Connection*> Instance::connect(const std::string& key, const std::optional<std::string>& dbname) {
  for (auto it = pool_.begin(); it != pool_.end(); ++it) {
    if (it->key != key) continue;
    if (!it->conn->healthy()) {
      pool_.erase(it);
      break;
    }
    pool_.splice(pool_.begin(), pool_, it);
    return pool_.front().conn.get();
  }
  while (!pool_.empty() && static_cast<int>(pool_.size()) >= config_.max_connections) pool_.pop_back();
  auto conn = Connection::open(connection_options(dbname));
  if (!conn) return conn.status();
  Connection* raw = conn->get();
  pool_.push_front(Pooled{key, std::move(*conn)});
  if (version_num_ == 0) version_num_ = raw->server_version_num();
  if (!own_role_oid_) {
    auto r = raw->query("SELECT oid FROM pg_roles WHERE rolname = current_user");
    if (r && r->rows() == 1) own_role_oid_ = r->i64(0, 0);
  }
  log::debug("connected", {{"instance", config_.name}, {"database", raw->database()}});
  return raw;
}

Expected<Connection*> Instance::primary() { return connect("", std::nullopt); }

Expected<Connection*> Instance::database(const std::string& datname) {
  auto first = primary();
  if (first && (*first)->database() == datname) return first;
  return connect("db:" + datname, datname);
}

Status Instance::refresh_role() {
  auto conn = primary();
  if (!conn) return conn.status();
  auto r = (*conn)->query("SELECT pg_is_in_recovery()");
  if (!r) return r.status();
  in_recovery_ = r->boolean(0, 0);
  version_num_ = (*conn)->server_version_num();
  return Status::ok();
}

std::set<int> Instance::own_backend_pids() const {
  std::set<int> pids;
  for (const auto& p : pool_) pids.insert(p.conn->backend_pid());
  return pids;
}

Expected<std::vector<DatabaseInfo>> Instance::databases() {
  const auto now = std::chrono::steady_clock::now();
  if (!databases_.empty() && now - databases_at_ < kDatabasesRefresh) return databases_;
  auto conn = primary();
  if (!conn) return conn.status();
  auto r = (*conn)->query(
      "SELECT oid, datname, pg_database_size(oid) AS size FROM pg_database "
      "WHERE datallowconn AND NOT datistemplate AND has_database_privilege(oid, 'CONNECT') "
      "ORDER BY pg_database_size(oid) DESC, datname");
  if (!r) return r.status();
  std::vector<DatabaseInfo> out;
  for (int i = 0; i < r->rows(); ++i) {
    DatabaseInfo d{r->i64(i, "oid").value_or(0), r->str(i, "datname"), r->i64(i, "size").value_or(0)};
    if (!matches_any(config_.include_databases, d.name) || matches_any(config_.exclude_databases, d.name)) continue;
    if (static_cast<int>(out.size()) >= config_.max_databases) break;
    out.push_back(std::move(d));
  }
  databases_ = out;
  databases_at_ = now;
  return out;
}

}  // namespace pga::pg
