#include "plugins/common/view-counter-rows.h"

namespace pga::plugins::counters {

Sample sample_row(const pg::Result& result, int row, const Fields& fields) {
  Sample s;
  s.ints.reserve(fields.ints.size());
  s.reals.reserve(fields.reals.size());
  for (const char* name : fields.ints) s.ints.push_back(result.i64(row, name));
  for (const char* name : fields.reals) s.reals.push_back(result.f64(row, name));
  if (fields.reset_column) {
    if (auto t = result.text(row, fields.reset_column)) s.reset_token = std::string(*t);
  }
  return s;
}

void write_deltas(avro::RowWriter& row, const Fields& fields, const Deltas& deltas) {
  for (size_t i = 0; i < fields.ints.size() && i < deltas.ints.size(); ++i) {
    if (deltas.ints[i]) row.set_long(fields.ints[i], *deltas.ints[i]);
  }
  for (size_t i = 0; i < fields.reals.size() && i < deltas.reals.size(); ++i) {
    if (deltas.reals[i]) row.set_double(fields.reals[i], *deltas.reals[i]);
  }
}

}  // namespace pga::plugins::counters
