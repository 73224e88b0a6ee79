#pragma once
// The pure part of the activity plugin: pg_stat_activity rows in, the groups and the summary of
// metrics.activity.v1 out. No query text ever enters here (the schema has no place for it, and text can
// carry literals); the SQL only tells whether a session runs the agent's own marked statements.
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace pga::plugins::activity {

// One backend, as read from pg_stat_activity. Ages are now() minus the timestamp, in seconds (null when the
// timestamp is).
struct Session {
  int pid = 0;
  std::optional<std::string_view> datname;
  std::optional<std::string_view> usename;
  std::optional<std::string_view> application_name;
  std::string_view backend_type;
  std::optional<std::string_view> state;
  std::optional<std::string_view> wait_event_type;
  std::optional<std::string_view> wait_event;
  std::optional<double> xact_age_s;
  std::optional<double> query_age_s;
  std::optional<double> state_change_age_s;
  bool marked = false;  // its statement starts with the agent's marker comment
};

// Sessions sharing database, user, application, backend type, state and wait event.
struct SessionGroup {
  std::optional<std::string> datname;
  std::optional<std::string> usename;
  std::optional<std::string> application_name;
  std::string backend_type;
  std::optional<std::string> state;
  std::optional<std::string> wait_event_type;
  std::optional<std::string> wait_event;
  int count = 0;
  std::optional<double> oldest_xact_age_s;
  std::optional<double> oldest_query_age_s;  // running queries only (state active / fastpath)
  std::optional<double> oldest_state_change_age_s;
};

struct Summary {
  int total = 0;
  int active = 0;               // client backends
  int idle = 0;                 // client backends
  int idle_in_transaction = 0;  // client backends, aborted included
  int waiting = 0;              // any backend waiting on a heavyweight lock
  int max_connections = 0;
  std::optional<double> oldest_xact_age_s;
  std::optional<double> oldest_query_age_s;  // active client backends
  std::optional<double> longest_idle_in_transaction_s;
};

// The agent's own sessions are left out everywhere: its pooled backends (Instance::own_backend_pids), any
// session named pga-agent (another instance of the agent, its parallel workers) or running marked SQL.
bool is_own_session(const Session& s, const std::set<int>& own_pids);

// Aggregates sessions one at a time, so the caller can stream result rows without copying them.
class SessionAggregator {
 public:
  explicit SessionAggregator(std::set<int> own_pids) : own_pids_(std::move(own_pids)) {}
  void add(const Session& s);
  void set_max_connections(int n) { summary_.max_connections = n; }

  const Summary& summary() const { return summary_; }
  // Cap policy: at most `max_groups` groups, the largest first (ties: the oldest transaction first, then
  // the key); the summary always counts every session. `dropped`, when given, receives how many groups
  // were left out.
  std::vector<SessionGroup> groups(size_t max_groups, size_t* dropped = nullptr) const;

 private:
  using Key = std::tuple<std::optional<std::string>, std::optional<std::string>, std::optional<std::string>,
                         std::string, std::optional<std::string>, std::optional<std::string>,
                         std::optional<std::string>>;
  std::set<int> own_pids_;
  Summary summary_;
  std::map<Key, SessionGroup> groups_;  // bounded by the backends of the server
};

}  // namespace pga::plugins::activity
