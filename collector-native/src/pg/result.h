#pragma once
// An owned PGresult with typed, null-aware accessors by column name or index.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pga::pg {

class Result {
 public:
  Result() = default;
  explicit Result(PGresult* res) : res_(res, &PQclear) {}

  int rows() const { return res_ ? PQntuples(res_.get()) : 0; }
  int columns() const { return res_ ? PQnfields(res_.get()) : 0; }
  // -1 when the result has no such column (a view that lacks it in this PostgreSQL version).
  int column(const char* name) const { return res_ ? PQfnumber(res_.get(), name) : -1; }
  bool has_column(const char* name) const { return column(name) >= 0; }

  bool is_null(int row, int col) const { return col < 0 || PQgetisnull(res_.get(), row, col) != 0; }
  std::optional<std::string_view> text(int row, int col) const;
  std::optional<int64_t> i64(int row, int col) const;
  std::optional<double> f64(int row, int col) const;
  std::optional<bool> boolean(int row, int col) const;

  // By name; a missing column reads as null.
  std::optional<std::string_view> text(int row, const char* name) const { return text(row, column(name)); }
  std::optional<int64_t> i64(int row, const char* name) const { return i64(row, column(name)); }
  std::optional<double> f64(int row, const char* name) const { return f64(row, column(name)); }
  std::optional<bool> boolean(int row, const char* name) const { return boolean(row, column(name)); }
  std::string str(int row, const char* name) const { return std::string(text(row, name).value_or("")); }

 private:
  std::shared_ptr<PGresult> res_;
};

}  // namespace pga::pg
