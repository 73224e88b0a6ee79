#pragma once
// Reading a plugin's option without exceptions: the validator writes every default out, but a plugin must
// still not throw across its boundary when handed a hand-built configuration (tests, --once).
#include <algorithm>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "config/agent-config.h"

namespace pga::plugins {

inline int64_t int_option(const config::PluginConfig* plugin, const char* key, int64_t fallback, int64_t min,
                          int64_t max) {
  if (plugin == nullptr || !plugin->options.is_object()) return fallback;
  const auto it = plugin->options.find(key);
  if (it == plugin->options.end() || !it->is_number_integer()) return fallback;
  return std::clamp(it->get<int64_t>(), min, max);
}

}  // namespace pga::plugins
