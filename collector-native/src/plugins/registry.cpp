#include <algorithm>
#include <cstring>

#include "plugins/plugin.h"

namespace pga::plugins {
namespace {
std::vector<const PluginDescriptor*>& registry() {
  static std::vector<const PluginDescriptor*> plugins;
  return plugins;
}
}  // namespace

PluginRegistrar::PluginRegistrar(const PluginDescriptor* descriptor) {
  auto& plugins = registry();
  plugins.push_back(descriptor);
  std::sort(plugins.begin(), plugins.end(),
            [](const PluginDescriptor* a, const PluginDescriptor* b) { return std::strcmp(a->name, b->name) < 0; });
}

const std::vector<const PluginDescriptor*>& all_plugins() { return registry(); }

const PluginDescriptor* find_plugin(std::string_view name) {
  for (const auto* p : registry()) {
    if (name == p->name) return p;
  }
  return nullptr;
}

}  // namespace pga::plugins
