#pragma once
// What decides, on a new configuration, whether an object survives: an Instance (and its plugins' delta
// baselines) is kept while everything but its plugin settings is unchanged; the output (spool + producer)
// is recreated only when the kafka or spool settings changed. Each key is a canonical text of those settings.
#include <string>

#include "config/agent-config.h"
#include "plugins/plugin.h"

namespace pga::engine {

std::string instance_key(const config::InstanceConfig& instance);
std::string output_key(const config::KafkaConfig& kafka, const config::SpoolConfig& spool);

// The settings of a plugin the configuration does not mention: its descriptor's defaults.
config::PluginConfig default_plugin_config(const plugins::PluginDescriptor& descriptor);

}  // namespace pga::engine
