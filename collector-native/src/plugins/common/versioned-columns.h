#pragma once
// Select lists that follow the PostgreSQL version: each output column names its schema field and the SQL
// expression that supplies it in a range of server versions. A field no expression covers in this version is
// simply not selected, and pg::Result reads a missing column as null — which is exactly what the schemas ask
// for a column the version lacks. Expressions are fixed text written here, never built from input.
#include <string>
#include <vector>

namespace pga::plugins {

inline constexpr int kAnyVersion = 0;
inline constexpr int kNoMaxVersion = 9999999;

struct VersionedColumn {
  const char* field;  // output name (the schema field, or an internal name such as stats_reset)
  const char* expr;   // SQL expression
  int min_version = kAnyVersion;    // server_version_num, inclusive
  int max_version = kNoMaxVersion;  // inclusive
};

// "expr AS field, ..." for the columns that apply to `version_num`; "NULL AS none" when none does (so the
// statement stays valid).
std::string select_list(const std::vector<VersionedColumn>& columns, int version_num);

}  // namespace pga::plugins
