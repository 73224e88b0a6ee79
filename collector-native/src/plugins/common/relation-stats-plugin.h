#pragma once
// The collect loop of the per-relation plugins (tables, indexes): per covered database (per-database.h), the
// relations a cap keeps, their statistics read in pages (ranked-pages.h), counters sent as interval deltas
// (row-counter-state.h: a relation's first sample is a baseline; it is reset when a counter went backwards
// or its database's stats_reset moved), one batch per database. A plugin is its column table, its SQL and
// its cap option.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "plugins/common/per-database.h"
#include "plugins/common/plugin-option.h"
#include "plugins/common/ranked-pages.h"
#include "plugins/common/row-counter-state.h"
#include "plugins/common/stat-columns.h"
#include "plugins/plugin.h"

namespace pga::plugins {

struct RelationStatsSpec {
  const char* plugin;     // "tables"
  const char* schema;     // "metrics.tables.v1"
  const char* array;      // the batch's array field: "tables"
  const char* id_column;  // the relation's oid in the stats query: "relid"
  stats::Columns columns;
  const char* ranking_sql;                // $1 = cap: the kept ids
  std::string (*stats_sql)(int version);  // $1 = ids (oid[])
  size_t page_size;
  const char* cap_option;  // "max_tables"
  int64_t cap_default, cap_min, cap_max;
};

template <size_t kCounters>
class RelationStatsPlugin : public Plugin {
 public:
  explicit RelationStatsPlugin(const RelationStatsSpec& spec) : spec_(spec) {}

  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override {
    if (!ctx.instance) return Status::internal(std::string(spec_.plugin) + ": no instance");
    auto primary = ctx.instance->primary();
    if (!primary) return primary.status();
    if (ctx.instance->version_num() != version_) {
      databases_.clear();
      version_ = ctx.instance->version_num();
      sql_ = spec_.stats_sql(version_);
    }
    const int64_t cap = int_option(ctx.plugin, spec_.cap_option, spec_.cap_default, spec_.cap_min, spec_.cap_max);
    return databases_.for_each(*ctx.instance, spec_.plugin,
                               [&](const pg::DatabaseInfo&, pg::Connection& conn, State& state) {
                                 return sample(ctx, conn, cap, state, out);
                               });
  }

 private:
  using State = stats::RowCounterState<uint32_t, kCounters>;

  Status sample(CollectContext& ctx, pg::Connection& conn, int64_t cap, State& state, std::vector<avro::Batch>& out) {
    avro::Batch batch = ctx.new_batch(spec_.schema);
    typename State::Values current{};
    typename State::Delta delta;
    const Status st = read_ranked_pages(conn, spec_.ranking_sql, cap, sql_, spec_.page_size, [&](const pg::Result& page) {
      const stats::RowReader reader(page, spec_.columns);
      for (int i = 0; i < page.rows(); ++i) {
        reader.counters(i, current.data());
        const auto id = static_cast<uint32_t>(page.i64(i, spec_.id_column).value_or(0));
        const int64_t token = page.i64(i, "db_stats_reset").value_or(State::kNoToken);
        if (!state.update(id, current, token, &delta)) continue;  // first sight: a baseline
        auto row = batch.add(spec_.array);
        reader.write(row, i, delta.values.data());
        row.set_bool("reset", delta.reset);
      }
    });
    if (!st) return st;
    state.end_round();
    if (batch.total_rows() > 0) out.push_back(std::move(batch));
    return Status::ok();
  }

  const RelationStatsSpec& spec_;
  int version_ = -1;
  std::string sql_;
  PerDatabase<State> databases_;
};

}  // namespace pga::plugins
