#pragma once
// The rows of a metrics.statements.v1 batch: one per reported entry, and the single info row.
#include <cstdint>
#include <optional>
#include <string_view>

#include "avro/batch.h"
#include "plugins/statements/statement-state.h"

namespace pga::plugins::statements {

struct InfoRow {
  std::optional<int64_t> dealloc;         // delta (PG14+)
  std::optional<int64_t> stats_reset_us;  // PG14+
  int64_t statements_seen = 0;
  int64_t statements_sent = 0;
  bool reset = false;
};

// The info row's dealloc (entries evicted during the interval) and reset flag, from pg_stat_statements_info's
// dealloc in the previous and current samples (null before PG14, and previous null on a baseline).
void set_evictions(std::optional<int64_t> previous_dealloc, std::optional<int64_t> current_dealloc, bool all_reset,
                   InfoRow* info);

void write_statement_row(avro::Batch& batch, const StatementDelta& d, std::string_view database_name,
                         std::string_view user_name);
void write_info_row(avro::Batch& batch, const InfoRow& info);

}  // namespace pga::plugins::statements
