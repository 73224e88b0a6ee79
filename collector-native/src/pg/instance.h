#pragma once
// One monitored PostgreSQL instance: its settings, a small pool of long-lived connections (one per database
// in use, at most max_connections, least recently used closed first), the databases discovered on it
// (include/exclude globs, templates never, the largest first up to max_databases), and facts the plugins share
// (version, role, the agent's own role and queryids, which are left out of what is reported).
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "config/agent-config.h"
#include "core/status.h"
#include "pg/connection.h"

namespace pga::pg {

struct DatabaseInfo {
  int64_t oid = 0;
  std::string name;
  int64_t size_bytes = 0;
};

// What the statements and querytexts plugins of one instance share about pg_stat_statements entries: the
// queryids whose normalised text is wanted (entries the statements plugin saw for the first time, or every
// known one at querytexts' periodic refresh) and the queryids of the latest statements sample. Memory: a few
// dozen bytes per queryid, bounded by pg_stat_statements.max (and kMaxWanted). Guarded by a mutex so the
// engine stays free to run plugins on several threads (it runs them one after another today).
class StatementTextQueue {
 public:
  static constexpr size_t kMaxWanted = 200000;

  void want(int64_t queryid);
  void want_all(const std::vector<int64_t>& queryids);
  // Removes and returns up to `max` wanted queryids (ascending).
  std::vector<int64_t> take(size_t max);
  size_t wanted() const;
  // Every queryid of the latest statements sample.
  void set_known(std::vector<int64_t> queryids);
  std::vector<int64_t> known() const;

 private:
  mutable std::mutex mu_;
  std::unordered_set<int64_t> wanted_;
  std::vector<int64_t> known_;
};

class Instance {
 public:
  explicit Instance(config::InstanceConfig config);
  ~Instance();

  const config::InstanceConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  const std::string& server_id() const { return config_.server_id; }

  // The connection to the configured database (connection.dbname), opened on first use and re-opened
  // after a failure.
  Expected<Connection*> primary();
  // A connection to another database of the instance (tables and indexes are per database).
  Expected<Connection*> database(const std::string& datname);

  // Databases covered, refreshed at most once a minute.
  Expected<std::vector<DatabaseInfo>> databases();

  // Known after the first successful connection (0 / nullopt before).
  int version_num() const { return version_num_; }
  // pg_is_in_recovery(), refreshed by refresh_role() (the engine calls it before each collection round).
  std::optional<bool> in_recovery() const { return in_recovery_; }
  Status refresh_role();

  // OID of the role the agent connects as (its statements are left out of the statements family).
  std::optional<int64_t> own_role_oid() const { return own_role_oid_; }
  // queryids whose text starts with the agent's marker comment (learned by the querytexts plugin).
  std::set<int64_t>& own_queryids() { return own_queryids_; }
  // Texts wanted by the statements plugin, fetched by the querytexts plugin.
  StatementTextQueue& statement_texts() { return statement_texts_; }
  // Backend PIDs of the agent's own sessions (left out of activity).
  std::set<int> own_backend_pids() const;

  ConnectionOptions connection_options(const std::optional<std::string>& dbname) const;

 private:
  Expected<Connection*> connect(const std::string& key, const std::optional<std::string>& dbname);

  config::InstanceConfig config_;
  struct Pooled {
    std::string key;
    std::unique_ptr<Connection> conn;
  };
  std::list<Pooled> pool_;  // front = most recently used
  int version_num_ = 0;
  std::optional<bool> in_recovery_;
  std::optional<int64_t> own_role_oid_;
  std::set<int64_t> own_queryids_;
  StatementTextQueue statement_texts_;
  std::vector<DatabaseInfo> databases_;
  std::chrono::steady_clock::time_point databases_at_{};
};

// Shell-style glob: `*` any run, `?` one character.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace pga::pg
