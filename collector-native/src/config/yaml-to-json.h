#pragma once
// The local configuration file is YAML (JSON is valid YAML too); it is converted to JSON so that one
// validator checks it and the API's configuration alike. Scalars follow YAML 1.2's core schema: plain
// true/false, null/~, integers and floats get their type, anything quoted stays a string — so `port: "5432"`
// is a string (and refused by the validator) while `port: 5432` is a number. "yes"/"on" stay strings.
#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace pga::config {

// `source` names the file in error messages ("agent.yaml:3:7: ...").
Expected<nlohmann::json> yaml_to_json(const std::string& text, const std::string& source);

}  // namespace pga::config
