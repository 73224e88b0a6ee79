#include "plugins/statements/statements-sql.h"

#include "plugins/statements/statement-columns.h"

namespace pga::plugins::statements {

std::string resolve_source(const char* sources, const std::set<std::string>& columns) {
  std::string s(sources);
  size_t start = 0;
  while (true) {
    const size_t bar = s.find('|', start);
    const std::string name = s.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    if (columns.count(name)) return name;
    if (bar == std::string::npos) return "";
    start = bar + 1;
  }
}

std::string page_sql(const Extension& ext) {
  std::string list;
  for (const auto& c : kStatementColumns) {
    // Only names from the table above reach the SQL text, whatever the catalog holds.
    const std::string source = resolve_source(c.expr, ext.columns);
    if (source.empty()) continue;
    if (!list.empty()) list += ", ";
    list += "s." + source + " AS " + c.field;
  }
  if (ext.columns.count("stats_since")) {
    list += ", (extract(epoch FROM s.stats_since) * 1000000)::bigint AS stats_since_us";
  }
  const std::string toplevel = ext.columns.count("toplevel") ? "s.toplevel" : "true";
  return "SELECT " + list + " FROM " + ext.schema +
         ".pg_stat_statements(false) s "
         "WHERE s.queryid IS NOT NULL "
         "AND ($1::oid IS NULL OR s.userid <> $1::oid) "
         "AND s.queryid <> ALL ($2::bigint[]) "
         "AND (s.dbid, s.userid, s.queryid, " + toplevel + ") > ($3::oid, $4::oid, $5::bigint, $6::boolean) "
         "ORDER BY s.dbid, s.userid, s.queryid, " + toplevel + " LIMIT $7";
}

std::string info_sql(const Extension& ext) {
  const std::string common =
      "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now_us, "
      "current_setting('pg_stat_statements.track_planning', true) AS track_planning, "
      "pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') AS reads_all";
  if (!ext.has_info) return "SELECT NULL::bigint AS dealloc, NULL::bigint AS stats_reset_us, " + common;
  return "SELECT i.dealloc, (extract(epoch FROM i.stats_reset) * 1000000)::bigint AS stats_reset_us, " + common +
         " FROM " + ext.schema + ".pg_stat_statements_info i";
}

}  // namespace pga::plugins::statements
