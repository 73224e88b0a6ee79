#pragma once
// The SQL of the tables plugin, per database. The cap (max_tables) is applied in two steps so neither the
// agent nor the server computes statistics and sizes for tables that are left out: first the kept relids —
// the largest tables by pg_class.relpages (heap + TOAST; an estimate kept by VACUUM/ANALYZE, cheap to read
// for any number of tables), then their statistics in pages of relids.
#include <string>

namespace pga::plugins::tables {

inline constexpr size_t kPageRelids = 500;

// $1 max_tables. Column: relid. The same relations as pg_stat_user_tables.
inline constexpr const char* kLargestTablesSql =
    "SELECT c.oid AS relid FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_class t ON t.oid = c.reltoastrelid "
    "WHERE c.relkind IN ('r', 't', 'm', 'p') "
    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast' "
    "ORDER BY greatest(c.relpages, 0)::bigint + coalesce(greatest(t.relpages, 0), 0) DESC, c.oid "
    "LIMIT $1";

// $1 relids (oid[]). Columns: kTableColumns for `version_num`.
std::string table_stats_sql(int version_num);

}  // namespace pga::plugins::tables
