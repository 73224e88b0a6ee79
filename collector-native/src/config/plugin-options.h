#pragma once
// Validation of `instances[].plugins` from the plugins' descriptors: each plugin accepts `enabled`,
// `interval_s` (1-3600) and the keys of its OptionSpec table, typed and bounded as the table says, and gets
// every option's default written out, so a plugin reads options.at("top_n") without checks of its own.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/agent-config.h"
#include "config/field-reader.h"
#include "plugins/plugin.h"

namespace pga::config {

// The default of one option as JSON ("null" when the option has none).
nlohmann::json option_default(const plugins::OptionSpec& spec);

// Instance-scope plugins only (scope kInstance); a key naming another plugin is refused with the known names.
std::map<std::string, PluginConfig> read_instance_plugins(const nlohmann::json* value, const std::string& path,
                                                          const std::vector<const plugins::PluginDescriptor*>& plugins,
                                                          Errors& errors);

// One plugin's block (also used for tests and for --help defaults).
PluginConfig read_plugin(const plugins::PluginDescriptor& descriptor, const nlohmann::json* value,
                         const std::string& path, Errors& errors);

}  // namespace pga::config
