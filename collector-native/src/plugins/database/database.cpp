// The database plugin: pg_stat_database per covered database (Instance::databases(): include/exclude
// globs, no templates) as interval deltas, with size and transaction id ages (metrics.database.v1).
// A database's first sample is a baseline; a moved stats_reset or a counter that went backwards makes the
// row's deltas the values since the reset.
#include <cstdint>
#include <string>
#include <vector>

#include "plugins/common/row-counter-state.h"
#include "plugins/common/sql-arrays.h"
#include "plugins/database/database-columns.h"
#include "plugins/plugin.h"

namespace pga::plugins::database {
namespace {

constexpr const char* kSchema = "metrics.database.v1";

std::string database_sql(int version_num) {
  return "SELECT " + stats::select_list(stats::columns_of(kDatabaseColumns), version_num) +
         " FROM pg_stat_database s JOIN pg_database d ON d.oid = s.datid"
         " WHERE s.datid = ANY ($1::oid[]) ORDER BY s.datname";
}

class DatabasePlugin : public Plugin {
 public:
  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override {
    if (!ctx.instance) return Status::internal("database: no instance");
    auto conn = ctx.instance->primary();
    if (!conn) return conn.status();
    if (ctx.instance->version_num() != version_) {
      state_.clear();
      version_ = ctx.instance->version_num();
      sql_ = database_sql(version_);
    }
    auto dbs = ctx.instance->databases();
    if (!dbs) return dbs.status();
    std::vector<int64_t> oids;
    for (const auto& d : *dbs) oids.push_back(d.oid);

    auto r = (*conn)->query(sql_, {array_literal(oids)});
    if (!r) {
      state_.clear();
      return r.status();
    }
    const stats::RowReader reader(*r, stats::columns_of(kDatabaseColumns));
    avro::Batch batch = ctx.new_batch(kSchema);
    State::Values current{};
    State::Delta delta;
    for (int i = 0; i < r->rows(); ++i) {
      reader.counters(i, current.data());
      const auto datid = static_cast<uint32_t>(r->i64(i, "datid").value_or(0));
      const int64_t token = r->i64(i, "stats_reset").value_or(State::kNoToken);
      if (!state_.update(datid, current, token, &delta)) continue;  // first sight: a baseline
      auto row = batch.add("databases");
      reader.write(row, i, delta.values.data());
      row.set_bool("reset", delta.reset);
    }
    state_.end_round();
    if (batch.total_rows() > 0) out.push_back(std::move(batch));
    return Status::ok();
  }

 private:
  using State = stats::RowCounterState<uint32_t, kDatabaseCounters>;
  int version_ = -1;
  std::string sql_;
  State state_;
};

std::unique_ptr<Plugin> create() { return std::make_unique<DatabasePlugin>(); }

const PluginDescriptor kDatabasePlugin = {
    "database",
    kSchema,
    Scope::kInstance,
    60,
    true,
    "pg_stat_database per covered database: transactions, blocks, tuples, temp, conflicts, sessions, size",
    {},
    &create,
};

}  // namespace

PGA_REGISTER_PLUGIN(kDatabasePlugin);

}  // namespace pga::plugins::database
