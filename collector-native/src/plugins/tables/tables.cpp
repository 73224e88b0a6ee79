// The tables plugin: per covered database, pg_stat_user_tables + pg_statio_user_tables + sizes (TOAST and
// indexes apart), dead tuples, vacuum/analyze times and counts, relfrozenxid age (metrics.tables.v1).
// Counters are interval deltas; a table's first sample is a baseline. A table is reset when a counter went
// backwards (pg_stat_reset_single_table_counters) or its database's stats_reset moved (pg_stat_reset).
//
// Cap: max_tables per database, the largest kept (tables-sql.h). Memory: per kept table one array of its
// counters between samples; per sample one page of libpq result and the encoded rows.
#include "plugins/common/relation-stats-plugin.h"
#include "plugins/tables/table-columns.h"
#include "plugins/tables/tables-sql.h"

namespace pga::plugins::tables {
namespace {

constexpr const char* kName = "tables";
constexpr const char* kSchema = "metrics.tables.v1";

const RelationStatsSpec kSpec = {
    kName, kSchema, "tables", "relid", stats::columns_of(kTableColumns), kLargestTablesSql,
    &table_stats_sql, kPageRelids, "max_tables", 2000, 10, 100000,
};

std::unique_ptr<Plugin> create() { return std::make_unique<RelationStatsPlugin<kTableCounters>>(kSpec); }

const PluginDescriptor kTablesPlugin = {
    kName,
    kSchema,
    Scope::kInstance,
    300,
    true,
    "per database: table scans, tuples, dead tuples, vacuum/analyze, I/O and sizes, largest tables first",
    {
        {"max_tables", OptionType::kInt, "2000", 10, 100000, "", "tables per database, the largest kept"},
    },
    &create,
};

}  // namespace

PGA_REGISTER_PLUGIN(kTablesPlugin);

}  // namespace pga::plugins::tables
