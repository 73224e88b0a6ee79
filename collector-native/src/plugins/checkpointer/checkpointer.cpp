// The checkpointer plugin: background writing of the instance as interval deltas — checkpoints and
// checkpoint buffers, the bgwriter, WAL generation and, from PostgreSQL 16, pg_stat_io by backend type,
// object and context (schemas/metrics.checkpointer.v1.avsc).
//
// The first sample (and the first after a PostgreSQL version change) is a baseline: no batch. Each view is
// reset on its own (pg_stat_reset_shared), so each group of the checkpointer row is diffed with its own
// stats_reset; the row is marked reset when any group was.
#include <array>
#include <optional>
#include <string>

#include "plugins/checkpointer/checkpointer-sql.h"
#include "plugins/common/view-counter-rows.h"
#include "plugins/plugin.h"

namespace pga::plugins::checkpointer {
namespace {

constexpr const char* kSchema = "metrics.checkpointer.v1";

std::string io_key(const pg::Result& r, int row) {
  // \x1f (unit separator) cannot occur in these identifiers
  return r.str(row, "backend_type") + '\x1f' + r.str(row, "object") + '\x1f' + r.str(row, "context");
}

class CheckpointerPlugin : public Plugin {
 public:
  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override {
    if (!ctx.instance) return Status::internal("checkpointer: no instance");
    auto conn = ctx.instance->primary();
    if (!conn) return conn.status();
    const int version = ctx.instance->version_num();
    if (version != version_) {  // different views and columns: start from a new baseline
      groups_.clear();
      io_.clear();
      version_ = version;
    }

    auto stats = (*conn)->query(stats_sql(version));
    if (!stats) return stats.status();
    if (stats->rows() != 1) return Status::internal("checkpointer: pg_stat_bgwriter returned no row");
    pg::Result io;
    const std::string io_text = io_sql(version);
    if (!io_text.empty()) {
      auto r = (*conn)->query(io_text);
      if (!r) return r.status();
      io = *r;
    }

    const std::array<const counters::Fields*, 3> groups = {&checkpointer_fields(), &bgwriter_fields(),
                                                            &wal_fields()};
    std::array<std::optional<counters::Deltas>, 3> deltas;
    bool baseline = false;
    for (size_t g = 0; g < groups.size(); ++g) {
      deltas[g] = groups_.update(static_cast<int>(g), counters::sample_row(*stats, 0, *groups[g]));
      if (!deltas[g]) baseline = true;
    }
    groups_.commit();

    std::vector<std::pair<int, counters::Deltas>> io_rows;  // result row, deltas
    for (int i = 0; i < io.rows(); ++i) {
      auto d = io_.update(io_key(io, i), counters::sample_row(io, i, io_fields()));
      if (d) io_rows.emplace_back(i, std::move(*d));
    }
    io_.commit();
    if (baseline) return Status::ok();

    avro::Batch batch = ctx.new_batch(kSchema);
    {
      auto row = batch.add("checkpointer");
      bool reset = false;
      for (size_t g = 0; g < groups.size(); ++g) {
        counters::write_deltas(row, *groups[g], *deltas[g]);
        reset = reset || deltas[g]->reset;
      }
      row.set_bool("reset", reset);
    }
    // Every pg_stat_io row, as the schema says (a fixed ~80 rows); a row first seen this round (none
    // normally) waits for its baseline.
    for (const auto& [i, d] : io_rows) {
      auto row = batch.add("io");
      row.set_string("backend_type", io.str(i, "backend_type"));
      row.set_string("object", io.str(i, "object"));
      row.set_string("context", io.str(i, "context"));
      counters::write_deltas(row, io_fields(), d);
      row.set_bool("reset", d.reset);
    }
    out.push_back(std::move(batch));
    return Status::ok();
  }

 private:
  int version_ = -1;
  counters::KeyedCounters<int> groups_;
  counters::KeyedCounters<std::string> io_;
};

std::unique_ptr<Plugin> create() { return std::make_unique<CheckpointerPlugin>(); }

const PluginDescriptor kCheckpointerPlugin{
    "checkpointer",
    kSchema,
    Scope::kInstance,
    60,
    true,
    "checkpoints, bgwriter, WAL generation (pg_stat_wal, 14+) and pg_stat_io (16+), as interval deltas",
    {},
    &create,
};

}  // namespace

PGA_REGISTER_PLUGIN(kCheckpointerPlugin);

}  // namespace pga::plugins::checkpointer
