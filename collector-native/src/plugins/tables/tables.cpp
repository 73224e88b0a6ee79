// The tables plugin: per covered database, pg_stat_user_tables + pg_statio_user_tables + sizes (TOAST and
// indexes apart), dead tuples, vacuum/analyze times and counts, relfrozenxid age (metrics.tables.v1).
// Counters are interval deltas; a table's first sample is a baseline. A table is reset when a counter went
// backwards (pg_stat_reset_single_table_counters) or its database's stats_reset moved (pg_stat_reset).
//
// Cap: max_tables per database, the largest kept (tables-sql.h). Memory: per kept table one array of its
// counters between samples; per sample one page of libpq result and the encoded rows.
#include <cstdint>
#include <string>
#include <vector>

#include "plugins/common/per-database.h"
#include "plugins/common/plugin-option.h"
#include "plugins/common/ranked-pages.h"
#include "plugins/common/row-counter-state.h"
#include "plugins/plugin.h"
#include "plugins/tables/table-columns.h"
#include "plugins/tables/tables-sql.h"

namespace pga::plugins::tables {
namespace {

constexpr const char* kSchema = "metrics.tables.v1";
using State = stats::RowCounterState<uint32_t, kTableCounters>;

class TablesPlugin : public Plugin {
 public:
  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override {
    if (!ctx.instance) return Status::internal("tables: no instance");
    auto primary = ctx.instance->primary();
    if (!primary) return primary.status();
    if (ctx.instance->version_num() != version_) {
      databases_.clear();
      version_ = ctx.instance->version_num();
      sql_ = table_stats_sql(version_);
    }
    const int64_t max_tables = int_option(ctx.plugin, "max_tables", 2000, 10, 100000);
    return databases_.for_each(*ctx.instance, "tables", [&](const pg::DatabaseInfo&, pg::Connection& conn,
                                                             State& state) {
      avro::Batch batch = ctx.new_batch(kSchema);
      State::Values current{};
      State::Delta delta;
      const Status st = read_ranked_pages(conn, kLargestTablesSql, max_tables, sql_, kPageRelids,
                                          [&](const pg::Result& page) {
        const stats::RowReader reader(page, stats::columns_of(kTableColumns));
        for (int i = 0; i < page.rows(); ++i) {
          reader.counters(i, current.data());
          const auto relid = static_cast<uint32_t>(page.i64(i, "relid").value_or(0));
          const int64_t token = page.i64(i, "db_stats_reset").value_or(State::kNoToken);
          if (!state.update(relid, current, token, &delta)) continue;  // first sight: a baseline
          auto row = batch.add("tables");
          reader.write(row, i, delta.values.data());
          row.set_bool("reset", delta.reset);
        }
      });
      if (!st) return st;
      state.end_round();
      if (batch.total_rows() > 0) out.push_back(std::move(batch));
      return Status::ok();
    });
  }

 private:
  int version_ = -1;
  std::string sql_;
  PerDatabase<State> databases_;
};

std::unique_ptr<Plugin> create() { return std::make_unique<TablesPlugin>(); }

const PluginDescriptor kTablesPlugin = {
    "tables",
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
