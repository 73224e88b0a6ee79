#pragma once
// Runs a per-database sample (tables, indexes) over every database the instance covers, with one state per
// database. A database that fails (dropped meanwhile, CONNECT revoked, a timeout) is logged and skipped and
// its state forgotten (its next sample is a baseline); the others still report. The call fails only when
// every database failed. Databases no longer covered are forgotten.
#include <functional>
#include <map>
#include <set>
#include <string>

#include "core/log.h"
#include "core/status.h"
#include "pg/instance.h"

namespace pga::plugins {

template <typename State>
class PerDatabase {
 public:
  using SampleFn = std::function<Status(const pg::DatabaseInfo&, pg::Connection&, State&)>;

  Status for_each(pg::Instance& instance, const char* plugin, const SampleFn& sample) {
    auto dbs = instance.databases();
    if (!dbs) return dbs.status();
    std::set<std::string> covered;
    Status first_failure;
    size_t failures = 0;
    for (const auto& db : *dbs) {
      covered.insert(db.name);
      auto conn = instance.database(db.name);
      Status st = conn ? sample(db, **conn, states_[db.name]) : conn.status();
      if (st) continue;
      ++failures;
      if (first_failure) first_failure = st;
      states_.erase(db.name);
      log::warn(std::string(plugin) + ": database skipped",
                {{"instance", instance.name()}, {"database", db.name}, {"error", st.to_string()}});
    }
    for (auto it = states_.begin(); it != states_.end();) {
      it = covered.count(it->first) ? std::next(it) : states_.erase(it);
    }
    if (failures > 0 && failures == dbs->size()) return first_failure;
    return Status::ok();
  }

  void clear() { states_.clear(); }

 private:
  std::map<std::string, State> states_;
};

}  // namespace pga::plugins
