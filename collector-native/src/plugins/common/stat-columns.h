#pragma once
// One table per plugin describes a statistics view three ways: the SQL select list (an expression per range
// of PostgreSQL versions), the counters remembered between samples for interval deltas, and the fields of the
// batch row (the output names are the schema's field names). A field no expression covers in this version is
// not selected and reads as null, which is what the schemas ask for a column the version lacks. Expressions
// are fixed text written in the tables, never built from input. A unit test checks every table against its
// Avro schema (names, kinds, nullability), so the writer never hands null to a non-nullable field.
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "avro/batch.h"
#include "pg/result.h"

namespace pga::plugins::stats {

enum class Kind : uint8_t {
  kCounter,    // cumulative integer: sent as the interval delta (long field)
  kCounterMs,  // cumulative milliseconds (double): sent as the interval delta (double field)
  kLong,       // integer gauge or identifier, sent as sampled (long or int field)
  kDouble,     // floating gauge, sent as sampled
  kText,       // string
  kBool,       // boolean
  kTimestamp,  // the expression yields microseconds since the epoch (timestamp-micros field)
  kInternal,   // selected for the plugin itself (a key, a reset marker), not a row field
};

inline constexpr int kAnyVersion = 0;
inline constexpr int kNoMaxVersion = 9999999;

struct Column {
  const char* field;  // output name = schema field
  const char* expr;   // SQL expression
  Kind kind;
  bool nullable = false;  // the schema field is ["null", T]
  int min_version = kAnyVersion;    // server_version_num, inclusive
  int max_version = kNoMaxVersion;  // inclusive
};

inline constexpr bool is_counter(Kind k) { return k == Kind::kCounter || k == Kind::kCounterMs; }

// A view of a plugin's constexpr column array.
struct Columns {
  const Column* data = nullptr;
  size_t size = 0;
  const Column* begin() const { return data; }
  const Column* end() const { return data + size; }
};
template <size_t N>
constexpr Columns columns_of(const Column (&c)[N]) {
  return Columns{c, N};
}
template <size_t N>
constexpr size_t counter_count(const Column (&c)[N]) {
  size_t n = 0;
  for (size_t i = 0; i < N; ++i) n += is_counter(c[i].kind) ? 1 : 0;
  return n;
}

// Cumulative counters of one row, in table order. Integers are kept as doubles too: exact below 2^53, which
// no PostgreSQL counter reaches, and one array type keeps the remembered samples small. NaN is null.
inline constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

// "expr AS field, ..." for the columns that apply to `version_num` ("NULL AS none" when none does).
std::string select_list(Columns columns, int version_num);

// Reads the rows of one result through a column table: column positions are resolved once per result.
class RowReader {
 public:
  RowReader(const pg::Result& result, Columns columns);
  // The counters of `row`, in table order, into `out` (counter_count values).
  void counters(int row, double* out) const;
  // Every row field of `row`: counters from `deltas` (table order, NaN = null), the others as sampled.
  void write(avro::RowWriter& writer, int row, const double* deltas) const;
  const pg::Result& result() const { return result_; }

 private:
  const pg::Result& result_;
  Columns columns_;
  std::vector<int> positions_;  // result column of each table column, -1 when not selected
};

}  // namespace pga::plugins::stats
