#include "plugins/querytexts/querytexts-sql.h"

namespace pga::plugins::querytexts {

std::string texts_sql(const pgss::Extension& ext) {
  // One row per queryid (query_texts is keyed by it); the top-level entry first when there are several.
  const std::string toplevel = ext.columns.count("toplevel") ? "s.toplevel" : "NULL::boolean";
  return "SELECT dbid, userid, queryid, toplevel, query_length, "
         "CASE WHEN sent_bytes <= $3::bigint OR n = 1 THEN query END AS query FROM ("
         "SELECT e.dbid, e.userid, e.queryid, e.toplevel, e.query_length, e.query, "
         "sum(octet_length(e.query)) OVER (ORDER BY e.queryid) AS sent_bytes, "
         "row_number() OVER (ORDER BY e.queryid) AS n FROM ("
         "SELECT DISTINCT ON (s.queryid) s.dbid, s.userid, s.queryid, " + toplevel + " AS toplevel, "
         "octet_length(s.query) AS query_length, left(s.query, $2::int) AS query "
         "FROM " + ext.schema + ".pg_stat_statements(true) s "
         "WHERE s.queryid = ANY ($1::bigint[]) "
         "ORDER BY s.queryid, " + toplevel + " DESC NULLS LAST, s.dbid, s.userid) e) t "
         "ORDER BY queryid";
}

}  // namespace pga::plugins::querytexts
