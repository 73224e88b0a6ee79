#pragma once
// The last configuration the API served that validated, with its ETag and version, kept in
// <state_dir>/last-known-good.json (atomic write, mode 0600). At start, when the API cannot be reached, the
// agent runs it instead of nothing; its ETag goes in If-None-Match so an unchanged configuration costs a 304.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace pga::config {

struct RemoteConfig {
  nlohmann::json config;  // exactly as served (the API writes every default out)
  std::string etag;       // "\"3-AbC...\""
  int version = 0;        // Pga-Config-Version
};

std::string last_known_good_path(const std::string& state_dir);

Status save_last_known_good(const std::string& state_dir, const RemoteConfig& remote);

// nullopt when there is none; an error when the file exists but cannot be read or parsed.
Expected<std::optional<RemoteConfig>> load_last_known_good(const std::string& state_dir);

}  // namespace pga::config
