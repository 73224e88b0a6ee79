#pragma once
// `pga-agent --help`: usage, options, environment variables, the local file's keys, and every plugin with
// its description, default interval and options — generated from the plugin descriptors, so the help never
// disagrees with what the validator accepts.
#include <string>
#include <vector>

#include "plugins/plugin.h"

namespace pga::config {

std::string usage_text(const std::vector<const plugins::PluginDescriptor*>& plugins);

// One option as a help line: "top_n  int 100..100000 (default 5000)  row cap ...".
std::string describe_option(const plugins::OptionSpec& spec);

}  // namespace pga::config
