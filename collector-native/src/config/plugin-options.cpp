#include "config/plugin-options.h"

#include <string_view>

#include "config/name-rules.h"

namespace pga::config {
namespace {

using plugins::OptionSpec;
using plugins::OptionType;

constexpr int64_t kMinInterval = 1;
constexpr int64_t kMaxInterval = 3600;
// OptionSpec bounds only integers; a string option without a max (`max` = 0) is capped here.
constexpr int64_t kDefaultStringMax = 1024;

std::vector<std::string> split_choices(const char* choices) {
  std::vector<std::string> out;
  std::string_view s(choices ? choices : "");
  while (!s.empty()) {
    const auto bar = s.find('|');
    out.emplace_back(s.substr(0, bar));
    if (bar == std::string_view::npos) break;
    s.remove_prefix(bar + 1);
  }
  return out;
}

// Checks one option value against its spec; returns the message of what was expected, or "" when valid.
std::string check_option(const OptionSpec& spec, const nlohmann::json& v) {
  // An option whose default is null ("use the server's setting") may be set back to null explicitly.
  if (v.is_null() && option_default(spec).is_null()) return "";
  switch (spec.type) {
    case OptionType::kInt: {
      const auto n = as_integer(v);
      if (!n || *n < spec.min || *n > spec.max) return integer_range_message(spec.min, spec.max);
      return "";
    }
    case OptionType::kBool:
      return v.is_boolean() ? "" : "must be true or false";
    case OptionType::kEnum: {
      const auto choices = split_choices(spec.choices);
      for (const auto& c : choices)
        if (v.is_string() && v.get<std::string>() == c) return "";
      return choices_message(choices);
    }
    case OptionType::kPath: {
      if (!v.is_string()) return "must be a string";
      const char* expected = rules::absolute_path(v.get<std::string>());
      return expected ? expected : "";
    }
    case OptionType::kString: {
      if (!v.is_string()) return "must be a string";
      const int64_t max = spec.max > 0 ? spec.max : kDefaultStringMax;
      if (static_cast<int64_t>(v.get<std::string>().size()) > max)
        return "must be at most " + std::to_string(max) + " characters";
      return "";
    }
  }
  return "unsupported option type";
}

}  // namespace

nlohmann::json option_default(const OptionSpec& spec) {
  auto v = nlohmann::json::parse(spec.default_json ? spec.default_json : "null", nullptr, false);
  return v.is_discarded() ? nlohmann::json() : v;
}

PluginConfig read_plugin(const plugins::PluginDescriptor& descriptor, const nlohmann::json* value,
                         const std::string& path, Errors& errors) {
  FieldReader r(value, path, errors);
  std::vector<std::string> known{"enabled", "interval_s"};
  for (const auto& spec : descriptor.options) known.emplace_back(spec.key);
  r.only(known);

  PluginConfig out;
  out.enabled = r.boolean("enabled", descriptor.default_enabled);
  out.interval_s = static_cast<int>(r.integer("interval_s", kMinInterval, kMaxInterval, descriptor.default_interval_s));
  for (const auto& spec : descriptor.options) {
    const nlohmann::json* v = r.raw(spec.key);
    if (!v) {
      out.options[spec.key] = option_default(spec);
      continue;
    }
    const std::string problem = check_option(spec, *v);
    if (!problem.empty()) {
      r.fail(spec.key, problem);
      continue;
    }
    // 60.0 is stored as 60: plugins read integers as integers.
    if (spec.type == OptionType::kInt && !v->is_null()) {
      out.options[spec.key] = *as_integer(*v);
    } else {
      out.options[spec.key] = *v;
    }
  }
  return out;
}

std::map<std::string, PluginConfig> read_instance_plugins(const nlohmann::json* value, const std::string& path,
                                                          const std::vector<const plugins::PluginDescriptor*>& plugins,
                                                          Errors& errors) {
  FieldReader r(value, path, errors);
  std::vector<std::string> names;
  for (const auto* d : plugins)
    if (d->scope == plugins::Scope::kInstance) names.emplace_back(d->name);
  r.only(names);
  std::map<std::string, PluginConfig> out;
  for (const auto* d : plugins) {
    if (d->scope != plugins::Scope::kInstance) continue;
    out[d->name] = read_plugin(*d, r.raw(d->name), r.path(d->name), errors);
  }
  return out;
}

}  // namespace pga::config
