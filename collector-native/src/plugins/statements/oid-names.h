#pragma once
// Names of databases and roles by OID, for the database_name/user_name of statement rows. Read whole from
// pg_database and pg_roles (small catalogs) and cached: re-read when a row names an unknown OID (at most once
// a minute, so a dropped role does not cause a catalog read per sample) and every ten minutes (renames).
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"
#include "pg/connection.h"

namespace pga::plugins::statements {

class OidNames {
 public:
  // Re-reads both catalogs when they are stale, or when `unknown_seen` and the last read is a minute old.
  Status refresh(pg::Connection& conn, bool unknown_seen, std::chrono::steady_clock::time_point now);
  bool has_database(uint32_t oid) const { return databases_.count(oid) != 0; }
  bool has_role(uint32_t oid) const { return roles_.count(oid) != 0; }
  // "" for an OID that no longer exists (a dropped role keeps its pg_stat_statements entries).
  std::string_view database(uint32_t oid) const;
  std::string_view role(uint32_t oid) const;
  void clear();

 private:
  std::unordered_map<uint32_t, std::string> databases_;
  std::unordered_map<uint32_t, std::string> roles_;
  std::chrono::steady_clock::time_point read_at_{};
  bool read_ = false;
};

}  // namespace pga::plugins::statements
