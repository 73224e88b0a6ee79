#include "plugins/statements/oid-names.h"

#include "plugins/statements/statements-sql.h"

namespace pga::plugins::statements {
namespace {

constexpr auto kMaxAge = std::chrono::minutes(10);
constexpr auto kUnknownRetry = std::chrono::minutes(1);

Status read_names(pg::Connection& conn, const char* sql, std::unordered_map<uint32_t, std::string>& out) {
  auto r = conn.query(sql);
  if (!r) return r.status();
  out.clear();
  for (int i = 0; i < r->rows(); ++i) {
    out.emplace(static_cast<uint32_t>(r->i64(i, "oid").value_or(0)), r->str(i, "name"));
  }
  return Status::ok();
}

}  // namespace

Status OidNames::refresh(pg::Connection& conn, bool unknown_seen, std::chrono::steady_clock::time_point now) {
  const bool stale = !read_ || now - read_at_ >= kMaxAge;
  const bool retry = unknown_seen && now - read_at_ >= kUnknownRetry;
  if (!stale && !retry) return Status::ok();
  if (auto st = read_names(conn, kDatabaseNamesSql, databases_); !st) return st;
  if (auto st = read_names(conn, kRoleNamesSql, roles_); !st) return st;
  read_at_ = now;
  read_ = true;
  return Status::ok();
}

std::string_view OidNames::database(uint32_t oid) const {
  const auto it = databases_.find(oid);
  return it == databases_.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view OidNames::role(uint32_t oid) const {
  const auto it = roles_.find(oid);
  return it == roles_.end() ? std::string_view() : std::string_view(it->second);
}

void OidNames::clear() {
  databases_.clear();
  roles_.clear();
  read_ = false;
}

}  // namespace pga::plugins::statements
