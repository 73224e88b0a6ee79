// The indexes plugin: per covered database, pg_stat_user_indexes + pg_statio_user_indexes + size,
// unique/primary/valid and the definition (metrics.indexes.v1). Counters are interval deltas; an index's
// first sample is a baseline. An index is reset when a counter went backwards or its database's stats_reset
// moved (pg_stat_reset).
//
// Cap: max_indexes per database, those of the largest tables kept (indexes-sql.h). Memory: per kept index
// one array of its counters between samples; per sample one page of libpq result and the encoded rows.
#include <cstdint>
#include <string>
#include <vector>

#include "plugins/common/per-database.h"
#include "plugins/common/plugin-option.h"
#include "plugins/common/ranked-pages.h"
#include "plugins/common/row-counter-state.h"
#include "plugins/indexes/index-columns.h"
#include "plugins/indexes/indexes-sql.h"
#include "plugins/plugin.h"

namespace pga::plugins::indexes {
namespace {

constexpr const char* kSchema = "metrics.indexes.v1";
using State = stats::RowCounterState<uint32_t, kIndexCounters>;

class IndexesPlugin : public Plugin {
 public:
  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override {
    if (!ctx.instance) return Status::internal("indexes: no instance");
    auto primary = ctx.instance->primary();
    if (!primary) return primary.status();
    if (ctx.instance->version_num() != version_) {
      databases_.clear();
      version_ = ctx.instance->version_num();
      sql_ = index_stats_sql(version_);
    }
    const int64_t max_indexes = int_option(ctx.plugin, "max_indexes", 5000, 10, 200000);
    return databases_.for_each(*ctx.instance, "indexes", [&](const pg::DatabaseInfo&, pg::Connection& conn,
                                                              State& state) {
      avro::Batch batch = ctx.new_batch(kSchema);
      State::Values current{};
      State::Delta delta;
      const Status st = read_ranked_pages(conn, kIndexesOfLargestTablesSql, max_indexes, sql_, kPageRelids,
                                          [&](const pg::Result& page) {
        const stats::RowReader reader(page, stats::columns_of(kIndexColumns));
        for (int i = 0; i < page.rows(); ++i) {
          reader.counters(i, current.data());
          const auto indexrelid = static_cast<uint32_t>(page.i64(i, "indexrelid").value_or(0));
          const int64_t token = page.i64(i, "db_stats_reset").value_or(State::kNoToken);
          if (!state.update(indexrelid, current, token, &delta)) continue;  // first sight: a baseline
          auto row = batch.add("indexes");
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

std::unique_ptr<Plugin> create() { return std::make_unique<IndexesPlugin>(); }

const PluginDescriptor kIndexesPlugin = {
    "indexes",
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
