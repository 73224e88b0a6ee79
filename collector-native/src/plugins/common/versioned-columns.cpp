#include "plugins/common/versioned-columns.h"

namespace pga::plugins {

std::string select_list(const std::vector<VersionedColumn>& columns, int version_num) {
  std::string out;
  for (const auto& c : columns) {
    if (version_num < c.min_version || version_num > c.max_version) continue;
    if (!out.empty()) out += ", ";
    out += c.expr;
    out += " AS ";
    out += c.field;
  }
  return out.empty() ? "NULL AS none" : out;
}

}  // namespace pga::plugins
