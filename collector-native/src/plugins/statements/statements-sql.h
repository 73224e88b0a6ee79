#pragma once
// The SQL of the statements plugin. pg_stat_statements is read with showtext := false (the text file can be
// hundreds of MB; texts are the querytexts plugin's job), in pages ordered by the entry key so the agent
// never holds more than one page of libpq result (about 0.8 KB a row), whatever pg_stat_statements.max is.
// The trade-off: each page makes the server materialise the whole view again (about 15 ms per 5000
// entries), so pages are large enough that the default pg_stat_statements.max (5000) takes 3.
#include <set>
#include <string>

#include "plugins/common/pgss-extension.h"

namespace pga::plugins::statements {

inline constexpr int kPageRows = 500;

using pgss::Extension;

// The first view column of `sources` ("new|old") the extension has; empty when it has none.
std::string resolve_source(const char* sources, const std::set<std::string>& columns);

// One page of entries: $1 own role oid (or null), $2 own queryids (bigint[]), $3..$6 the key after which the
// page starts (dbid, userid, queryid, toplevel), $7 page size.
std::string page_sql(const Extension& ext);
// dealloc, stats_reset_us, now_us (server clock), track_planning, reads_all (the role sees every user's
// queryids: pg_read_all_stats, part of pg_monitor).
std::string info_sql(const Extension& ext);

inline constexpr const char* kDatabaseNamesSql = "SELECT oid, datname AS name FROM pg_database";
inline constexpr const char* kRoleNamesSql = "SELECT oid, rolname AS name FROM pg_roles";

}  // namespace pga::plugins::statements
