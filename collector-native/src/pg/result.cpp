#include "pg/result.h"

#include <cerrno>
#include <cstdlib>

namespace pga::pg {

std::optional<std::string_view> Result::text(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  return std::string_view(PQgetvalue(res_.get(), row, col),
                          static_cast<size_t>(PQgetlength(res_.get(), row, col)));
}

std::optional<int64_t> Result::i64(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  const char* v = PQgetvalue(res_.get(), row, col);
  errno = 0;
  char* end = nullptr;
  const long long n = std::strtoll(v, &end, 10);
  if (errno != 0 || end == v) {
    // numeric columns (e.g. sizes as numeric) may carry a fraction: read them as doubles
    const double d = std::strtod(v, &end);
    if (end == v) return std::nullopt;
    return static_cast<int64_t>(d);
  }
  return static_cast<int64_t>(n);
}

std::optional<double> Result::f64(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  const char* v = PQgetvalue(res_.get(), row, col);
  char* end = nullptr;
  const double d = std::strtod(v, &end);
  if (end == v) return std::nullopt;
  return d;
}

std::optional<bool> Result::boolean(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  const char* v = PQgetvalue(res_.get(), row, col);
  return v[0] == 't' || v[0] == 'T' || v[0] == '1';
}

}  // namespace pga::pg
