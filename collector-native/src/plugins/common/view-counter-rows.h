#pragma once
// The glue between a statistics view's result, the counters of view-counters.h and a batch row: the same
// field names serve as SQL output names and schema field names, so one table per plugin describes all three.
#include <vector>

#include "avro/batch.h"
#include "pg/result.h"
#include "plugins/common/view-counters.h"

namespace pga::plugins::counters {

struct Fields {
  const char* reset_column;         // the result column holding stats_reset as text; nullptr: none
  std::vector<const char*> ints;    // integer counters (result columns = schema fields)
  std::vector<const char*> reals;   // floating counters, milliseconds (result columns = schema fields)
};

// Reads one result row's counters; a column missing in this PostgreSQL version reads as null.
Sample sample_row(const pg::Result& result, int row, const Fields& fields);

// Sets the delta fields of a batch row; null deltas leave the field at its default (null, or 0 for the
// non-nullable counters, which PostgreSQL never leaves null).
void write_deltas(avro::RowWriter& row, const Fields& fields, const Deltas& deltas);

}  // namespace pga::plugins::counters
