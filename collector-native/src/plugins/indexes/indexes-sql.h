#pragma once
// The SQL of the indexes plugin, per database. The cap (max_indexes) keeps the indexes of the largest tables
// (pg_class.relpages of heap + TOAST, then the largest indexes of a table first), read in two steps like the
// tables plugin: the kept indexrelids, then their statistics in pages.
#include <string>

namespace pga::plugins::indexes {

inline constexpr size_t kPageRelids = 500;

// $1 max_indexes. Column: indexrelid. The same relations as pg_stat_user_indexes.
inline constexpr const char* kIndexesOfLargestTablesSql =
    "SELECT x.indexrelid FROM pg_index x "
    "JOIN pg_class c ON c.oid = x.indrelid "
    "JOIN pg_class i ON i.oid = x.indexrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_class t ON t.oid = c.reltoastrelid "
    "WHERE c.relkind IN ('r', 't', 'm') "
    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast' "
    "ORDER BY greatest(c.relpages, 0)::bigint + coalesce(greatest(t.relpages, 0), 0) DESC, c.oid, "
    "greatest(i.relpages, 0) DESC, x.indexrelid "
    "LIMIT $1";

// $1 indexrelids (oid[]). Columns: kIndexColumns for `version_num`.
std::string index_stats_sql(int version_num);

}  // namespace pga::plugins::indexes
