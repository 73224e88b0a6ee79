#include "plugins/statements/statement-rows.h"

#include <cmath>

namespace pga::plugins::statements {

void set_evictions(std::optional<int64_t> previous_dealloc, std::optional<int64_t> current_dealloc, bool all_reset,
                   InfoRow* info) {
  info->reset = all_reset;
  info->dealloc.reset();
  if (!previous_dealloc || !current_dealloc) return;
  // pg_stat_statements_reset() zeroes dealloc with everything else: the count is then since the reset
  info->reset = info->reset || *current_dealloc < *previous_dealloc;
  info->dealloc = info->reset ? *current_dealloc : *current_dealloc - *previous_dealloc;
}

void write_statement_row(avro::Batch& batch, const StatementDelta& d, std::string_view database_name,
                         std::string_view user_name) {
  auto row = batch.add("rows");
  row.set_long("dbid", static_cast<int64_t>(d.key.dbid));
  row.set_long("userid", static_cast<int64_t>(d.key.userid));
  row.set_long("queryid", d.key.queryid);
  row.set_bool("toplevel", d.key.toplevel < 0 ? std::nullopt : std::optional<bool>(d.key.toplevel == 1));
  row.set_string("database_name", database_name);
  row.set_string("user_name", user_name);
  size_t counter = 0;
  size_t gauge = 0;
  for (const auto& c : kStatementColumns) {
    double v = 0;
    if (stats::is_counter(c.kind)) {
      v = d.values[counter++];
    } else if (c.kind == stats::Kind::kDouble) {
      v = d.gauges[gauge++];
    } else {
      continue;  // the key, written above
    }
    if (std::isnan(v)) {
      if (c.nullable) row.set_null(c.field);  // a non-nullable counter is never null: left at 0
    } else if (c.kind == stats::Kind::kCounter) {
      row.set_long(c.field, std::llround(v));
    } else {
      row.set_double(c.field, v);
    }
  }
  row.set_bool("first_seen", d.first_seen);
  row.set_bool("reset", d.reset);
}

void write_info_row(avro::Batch& batch, const InfoRow& info) {
  auto row = batch.add("info");
  row.set_long("dealloc", info.dealloc);
  row.set_timestamp_us("stats_reset", info.stats_reset_us);
  row.set_long("statements_seen", info.statements_seen);
  row.set_long("statements_sent", info.statements_sent);
  row.set_bool("reset", info.reset);
}

}  // namespace pga::plugins::statements
