#pragma once
// Lists of numbers passed to SQL as one array parameter ("{1,2,3}" bound to $n::oid[] or $n::bigint[]), so a
// variable number of keys still travels as a parameter, never as SQL text.
#include <cstdint>
#include <string>
#include <vector>

namespace pga::plugins {

inline std::string array_literal(const std::vector<int64_t>& values, size_t begin = 0, size_t end = SIZE_MAX) {
  std::string out = "{";
  end = end < values.size() ? end : values.size();
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) out += ',';
    out += std::to_string(values[i]);
  }
  out += '}';
  return out;
}

}  // namespace pga::plugins
