#include "plugins/tables/tables-sql.h"

#include "plugins/tables/table-columns.h"

namespace pga::plugins::tables {

std::string table_stats_sql(int version_num) {
  return "SELECT " + stats::select_list(stats::columns_of(kTableColumns), version_num) +
         " FROM pg_stat_user_tables s"
         " JOIN pg_statio_user_tables io ON io.relid = s.relid"
         " JOIN pg_class c ON c.oid = s.relid"
         " WHERE s.relid = ANY ($1::oid[])";
}

}  // namespace pga::plugins::tables
