#include "config/yaml-to-json.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <set>

namespace pga::config {
namespace {

bool parse_integer(const std::string& s, int64_t* out) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  for (size_t j = i; j < s.size(); ++j)
    if (s[j] < '0' || s[j] > '9') return false;
  errno = 0;
  const long long v = std::strtoll(s.c_str(), nullptr, 10);
  if (errno == ERANGE) return false;
  *out = v;
  return true;
}

bool parse_float(const std::string& s, double* out) {
  // Only plain decimal notation: "1e3", "1.5", "-0.25" (no ".inf", no hex; they are not config values).
  if (s.empty() || s.find_first_not_of("0123456789+-.eE") != std::string::npos) return false;
  if (s.find_first_of("0123456789") == std::string::npos) return false;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (errno == ERANGE || end != s.c_str() + s.size()) return false;
  *out = v;
  return true;
}

nlohmann::json scalar(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() == "!") return s;  // quoted ("..." or '...'): a string whatever it looks like
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  int64_t i = 0;
  if (parse_integer(s, &i)) return i;
  double d = 0;
  if (parse_float(s, &d)) return d;
  return s;
}

Expected<nlohmann::json> convert(const YAML::Node& node, const std::string& source, int depth) {
  if (depth > 32) return Status::invalid(source + ": nested too deeply");
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar:
      return scalar(node);
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) {
        auto v = convert(item, source, depth + 1);
        if (!v) return v;
        out.push_back(std::move(*v));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      std::set<std::string> seen;
      for (const auto& kv : node) {
        const auto mark = kv.first.Mark();
        if (!kv.first.IsScalar())
          return Status::invalid(source + ":" + std::to_string(mark.line + 1) + ": keys must be plain strings");
        const std::string key = kv.first.Scalar();
        // A repeated key is almost always a copy-paste mistake; YAML says it is an error too.
        if (!seen.insert(key).second)
          return Status::invalid(source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) +
                                 ": duplicate key \"" + key + "\"");
        auto v = convert(kv.second, source, depth + 1);
        if (!v) return v;
        out[key] = std::move(*v);
      }
      return out;
    }
  }
  return nlohmann::json(nullptr);
}

}  // namespace

Expected<nlohmann::json> yaml_to_json(const std::string& text, const std::string& source) {
  try {
    const YAML::Node root = YAML::Load(text);
    return convert(root, source, 0);
  } catch (const YAML::Exception& e) {
    // yaml-cpp reports by exception; it stops here, as a Status naming the file, line and column.
    return Status::invalid(source + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                           ": " + e.msg);
  } catch (const std::exception& e) {
    return Status::invalid(source + ": " + e.what());
  }
}

}  // namespace pga::config
