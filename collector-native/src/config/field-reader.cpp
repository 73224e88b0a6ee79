#include "config/field-reader.h"

#include <algorithm>
#include <cmath>

#include "config/name-rules.h"

namespace pga::config {

void Errors::fail(const std::string& path, const std::string& message) {
  if (first_.empty()) first_ = (path.empty() ? std::string("(root)") : path) + ": " + message;
}

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::optional<int64_t> as_integer(const nlohmann::json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_unsigned()) {
    const auto u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  // JSON has one number type: 60.0 is the integer 60 for the API (zod's .int()), and so here.
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15) return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

std::string integer_range_message(int64_t min, int64_t max) {
  return "must be an integer between " + std::to_string(min) + " and " + std::to_string(max);
}

std::string choices_message(const std::vector<std::string>& choices) {
  std::string s = "must be one of ";
  for (size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + choices[i];
  return s;
}

FieldReader::FieldReader(const nlohmann::json* value, std::string path, Errors& errors)
    : path_(std::move(path)), errors_(errors) {
  if (value == nullptr) return;
  if (!value->is_object()) {
    errors_.fail(path_, "must be an object");
    return;
  }
  object_ = value;
}

void FieldReader::only(const std::vector<std::string>& known) {
  if (!object_) return;
  for (auto it = object_->begin(); it != object_->end(); ++it) {
    const std::string& key = it.key();
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    if (rules::looks_like_secret(key)) {
      const bool has_refs = std::find(known.begin(), known.end(), key + "_env") != known.end();
      errors_.fail(path(key), has_refs ? "secrets are not stored in the configuration: use " + key + "_env (an "
                                             "environment variable) or " + key + "_file (a file) on the agent's host"
                                       : "secrets are not stored in the configuration (" + key +
                                             "): reference them with *_env (an environment variable) or *_file (a "
                                             "file) on the agent's host");
    } else {
      std::string list;
      for (size_t i = 0; i < known.size(); ++i) list += (i ? ", " : "") + known[i];
      errors_.fail(path(key), "unknown key (expected one of: " + list + ")");
    }
    return;
  }
}

bool FieldReader::has(std::string_view key) const { return raw(key) != nullptr; }

const nlohmann::json* FieldReader::raw(std::string_view key) const {
  if (!object_) return nullptr;
  auto it = object_->find(std::string(key));
  return it == object_->end() ? nullptr : &*it;
}

int64_t FieldReader::integer(std::string_view key, int64_t min, int64_t max, int64_t def) {
  return optional_integer(key, min, max).value_or(def);
}

std::optional<int64_t> FieldReader::optional_integer(std::string_view key, int64_t min, int64_t max) {
  const nlohmann::json* v = raw(key);
  if (!v) return std::nullopt;
  const auto n = as_integer(*v);
  if (!n || *n < min || *n > max) {
    fail(key, integer_range_message(min, max));
    return std::nullopt;
  }
  return n;
}

bool FieldReader::boolean(std::string_view key, bool def) {
  const nlohmann::json* v = raw(key);
  if (!v) return def;
  if (!v->is_boolean()) {
    fail(key, "must be true or false");
    return def;
  }
  return v->get<bool>();
}

std::optional<std::string> FieldReader::optional_string(std::string_view key, StringRule rule) {
  const nlohmann::json* v = raw(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(key, "must be a string");
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  if (rule) {
    if (const char* expected = rule(s)) {
      fail(key, expected);
      return std::nullopt;
    }
  }
  return s;
}

std::string FieldReader::string(std::string_view key, const std::string& def, StringRule rule) {
  return optional_string(key, rule).value_or(def);
}

std::string FieldReader::required_string(std::string_view key, StringRule rule) {
  if (object_ && !has(key)) fail(key, "required");
  if (!object_ && errors_.ok()) errors_.fail(path(key), "required");
  return optional_string(key, rule).value_or("");
}

std::optional<std::string> FieldReader::optional_choice(std::string_view key, const std::vector<std::string>& choices) {
  const nlohmann::json* v = raw(key);
  if (!v) return std::nullopt;
  if (!v->is_string() || std::find(choices.begin(), choices.end(), v->get<std::string>()) == choices.end()) {
    fail(key, choices_message(choices));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::string FieldReader::choice(std::string_view key, const std::vector<std::string>& choices, const std::string& def) {
  return optional_choice(key, choices).value_or(def);
}

std::vector<std::string> FieldReader::strings(std::string_view key, const std::vector<std::string>& def,
                                              StringRule rule, size_t min_items, size_t max_items) {
  const nlohmann::json* v = raw(key);
  if (!v) return def;
  if (!v->is_array() || v->size() < min_items || v->size() > max_items) {
    fail(key, "must be a list of " + std::to_string(min_items) + " to " + std::to_string(max_items) + " strings");
    return def;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& item = (*v)[i];
    const std::string item_path = index_path(path(key), i);
    if (!item.is_string()) {
      errors_.fail(item_path, "must be a string");
      return def;
    }
    if (const char* expected = rule ? rule(item.get<std::string>()) : nullptr) {
      errors_.fail(item_path, expected);
      return def;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace pga::config
