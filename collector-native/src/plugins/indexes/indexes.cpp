// The indexes plugin: per covered database, pg_stat_user_indexes + pg_statio_user_indexes + size,
// unique/primary/valid and the definition (metrics.indexes.v1). Counters are interval deltas; an index's
// first sample is a baseline. An index is reset when a counter went backwards or its database's stats_reset
// moved (pg_stat_reset).
//
// Cap: max_indexes per database, those of the largest tables kept (indexes-sql.h). Memory: per kept index
// one array of its counters between samples; per sample one page of libpq result and the encoded rows.
#include "plugins/common/relation-stats-plugin.h"
#include "plugins/indexes/index-columns.h"
#include "plugins/indexes/indexes-sql.h"

namespace pga::plugins::indexes {
namespace {

constexpr const char* kName = "indexes";
constexpr const char* kSchema = "metrics.indexes.v1";

const RelationStatsSpec kSpec = {
    kName, kSchema, "indexes", "indexrelid", stats::columns_of(kIndexColumns),
    kIndexesOfLargestTablesSql, &index_stats_sql, kPageRelids, "max_indexes", 5000, 10, 200000,
};

std::unique_ptr<Plugin> create() { return std::make_unique<RelationStatsPlugin<kIndexCounters>>(kSpec); }

const PluginDescriptor kIndexesPlugin = {
    kName,
    kSchema,
    Scope::kInstance,
    300,
    true,
    "per database: index scans, tuples, I/O, size, unique/primary/valid and definition",
    {
        {"max_indexes", OptionType::kInt, "5000", 10, 200000, "",
         "indexes per database, those of the largest tables kept"},
    },
    &create,
};

}  // namespace

PGA_REGISTER_PLUGIN(kIndexesPlugin);

}  // namespace pga::plugins::indexes
