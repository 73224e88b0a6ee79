#include "plugins/common/stat-columns.h"

#include <cmath>
#include <optional>
#include <string_view>
#include <type_traits>

namespace pga::plugins::stats {
namespace {

// A null for a nullable field; nothing (the schema's 0 / empty default) for a non-nullable one, which
// PostgreSQL only leaves null in corner cases (a stats entry dropped between two reads).
template <typename T>
void set_or_null(avro::RowWriter& w, const Column& c, const std::optional<T>& v) {
  if (v) {
    if constexpr (std::is_same_v<T, int64_t>) w.set_long(c.field, *v);
    if constexpr (std::is_same_v<T, double>) w.set_double(c.field, *v);
    if constexpr (std::is_same_v<T, bool>) w.set_bool(c.field, *v);
    if constexpr (std::is_same_v<T, std::string_view>) w.set_string(c.field, *v);
  } else if (c.nullable) {
    w.set_null(c.field);
  }
}

}  // namespace

std::string select_list(Columns columns, int version_num) {
  std::string out;
  for (const Column& c : columns) {
    if (version_num < c.min_version || version_num > c.max_version) continue;
    if (!out.empty()) out += ", ";
    out += c.expr;
    out += " AS ";
    out += c.field;
  }
  return out.empty() ? "NULL AS none" : out;
}

RowReader::RowReader(const pg::Result& result, Columns columns) : result_(result), columns_(columns) {
  positions_.reserve(columns.size);
  for (const Column& c : columns) positions_.push_back(result.column(c.field));
}

void RowReader::counters(int row, double* out) const {
  size_t k = 0;
  for (size_t i = 0; i < columns_.size; ++i) {
    if (!is_counter(columns_.data[i].kind)) continue;
    out[k++] = result_.f64(row, positions_[i]).value_or(kNull);
  }
}

void RowReader::write(avro::RowWriter& w, int row, const double* deltas) const {
  size_t k = 0;
  for (size_t i = 0; i < columns_.size; ++i) {
    const Column& c = columns_.data[i];
    const int pos = positions_[i];
    switch (c.kind) {
      case Kind::kCounter: {
        const double d = deltas[k++];
        set_or_null<int64_t>(w, c, std::isnan(d) ? std::nullopt : std::optional<int64_t>(std::llround(d)));
        break;
      }
      case Kind::kCounterMs: {
        const double d = deltas[k++];
        set_or_null<double>(w, c, std::isnan(d) ? std::nullopt : std::optional<double>(d));
        break;
      }
      case Kind::kLong:
      case Kind::kTimestamp:
        set_or_null(w, c, result_.i64(row, pos));
        break;
      case Kind::kDouble:
        set_or_null(w, c, result_.f64(row, pos));
        break;
      case Kind::kText:
        set_or_null(w, c, result_.text(row, pos));
        break;
      case Kind::kBool:
        set_or_null(w, c, result_.boolean(row, pos));
        break;
      case Kind::kInternal:
        break;
    }
  }
}

}  // namespace pga::plugins::stats
