#include "plugins/activity/session-groups.h"

#include <algorithm>

#include "pg/connection.h"

namespace pga::plugins::activity {
namespace {

std::optional<std::string> own(std::optional<std::string_view> v) {
  if (!v) return std::nullopt;
  return std::string(*v);
}

// The clocks of other backends run slightly ahead of our now(): a negative age is 0.
std::optional<double> age(std::optional<double> v) {
  if (!v) return std::nullopt;
  return std::max(*v, 0.0);
}

void keep_max(std::optional<double>& slot, std::optional<double> v) {
  if (v && (!slot || *v > *slot)) slot = v;
}

bool is_running(std::optional<std::string_view> state) {
  return state && (*state == "active" || *state == "fastpath function call");
}

bool is_idle_in_transaction(std::optional<std::string_view> state) {
  return state && (*state == "idle in transaction" || *state == "idle in transaction (aborted)");
}

}  // namespace

bool is_own_session(const Session& s, const std::set<int>& own_pids) {
  if (own_pids.count(s.pid)) return true;
  if (s.application_name && *s.application_name == pg::kApplicationName) return true;
  return s.marked;
}

void SessionAggregator::add(const Session& s) {
  if (is_own_session(s, own_pids_)) return;
  const auto xact_age = age(s.xact_age_s);
  const auto query_age = is_running(s.state) ? age(s.query_age_s) : std::nullopt;
  const auto change_age = age(s.state_change_age_s);
  const bool client = s.backend_type == "client backend";

  ++summary_.total;
  if (client && s.state == "active") ++summary_.active;
  if (client && s.state == "idle") ++summary_.idle;
  if (client && is_idle_in_transaction(s.state)) {
    ++summary_.idle_in_transaction;
    keep_max(summary_.longest_idle_in_transaction_s, change_age);
  }
  if (s.wait_event_type == "Lock") ++summary_.waiting;
  keep_max(summary_.oldest_xact_age_s, xact_age);
  // walsenders and background workers stay "active" for days: only client queries make this figure
  if (client) keep_max(summary_.oldest_query_age_s, query_age);

  Key key{own(s.datname),         own(s.usename), own(s.application_name), std::string(s.backend_type),
          own(s.state),           own(s.wait_event_type), own(s.wait_event)};
  auto [it, inserted] = groups_.try_emplace(std::move(key));
  SessionGroup& g = it->second;
  if (inserted) {
    g.datname = std::get<0>(it->first);
    g.usename = std::get<1>(it->first);
    g.application_name = std::get<2>(it->first);
    g.backend_type = std::get<3>(it->first);
    g.state = std::get<4>(it->first);
    g.wait_event_type = std::get<5>(it->first);
    g.wait_event = std::get<6>(it->first);
  }
  ++g.count;
  keep_max(g.oldest_xact_age_s, xact_age);
  keep_max(g.oldest_query_age_s, query_age);
  keep_max(g.oldest_state_change_age_s, change_age);
}

std::vector<SessionGroup> SessionAggregator::groups(size_t max_groups, size_t* dropped) const {
  std::vector<SessionGroup> out;
  out.reserve(groups_.size());
  for (const auto& [key, g] : groups_) out.push_back(g);
  // stable: equal groups keep the key order of the map
  std::stable_sort(out.begin(), out.end(), [](const SessionGroup& a, const SessionGroup& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.oldest_xact_age_s.value_or(-1) > b.oldest_xact_age_s.value_or(-1);
  });
  const size_t extra = out.size() > max_groups ? out.size() - max_groups : 0;
  if (extra) out.resize(max_groups);
  if (dropped) *dropped = extra;
  return out;
}

}  // namespace pga::plugins::activity
