#include "plugins/indexes/indexes-sql.h"

#include "plugins/indexes/index-columns.h"

namespace pga::plugins::indexes {

std::string index_stats_sql(int version_num) {
  return "SELECT " + stats::select_list(stats::columns_of(kIndexColumns), version_num) +
         " FROM pg_stat_user_indexes s"
         " JOIN pg_statio_user_indexes io ON io.indexrelid = s.indexrelid"
         " JOIN pg_index x ON x.indexrelid = s.indexrelid"
         " WHERE s.indexrelid = ANY ($1::oid[])";
}

}  // namespace pga::plugins::indexes
