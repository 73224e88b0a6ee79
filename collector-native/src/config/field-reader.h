#pragma once
// Reads one JSON object of the configuration key by key: typed, range-checked, defaults filled, unknown keys
// refused — and keeps the FIRST error with its path ("instances[0].plugins.statements.interval_s: must be an
// integer between 1 and 3600"), as the API names it. Later reads after an error are harmless no-ops that
// return defaults, so a validator reads straight through and asks for the status once at the end.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace pga::config {

// A string format check: nullptr when valid, else what was expected (config/name-rules.h).
using StringRule = const char* (*)(std::string_view);

class Errors {
 public:
  void fail(const std::string& path, const std::string& message);
  bool ok() const { return first_.empty(); }
  Status status() const { return ok() ? Status::ok() : Status::invalid(first_); }

 private:
  std::string first_;
};

// "a.b" / "a[0]" / "b" (at the root).
std::string child_path(const std::string& parent, std::string_view key);
std::string index_path(const std::string& parent, size_t index);

class FieldReader {
 public:
  // `value` null or absent means "{}": every field takes its default. Anything but an object is an error.
  FieldReader(const nlohmann::json* value, std::string path, Errors& errors);

  // Refuses the first key that is not `known`; a secret-looking one gets the *_env / *_file explanation.
  void only(const std::vector<std::string>& known);

  bool has(std::string_view key) const;
  const nlohmann::json* raw(std::string_view key) const;  // nullptr when absent
  std::string path(std::string_view key) const { return child_path(path_, key); }
  const std::string& path() const { return path_; }
  Errors& errors() { return errors_; }
  void fail(std::string_view key, const std::string& message) { errors_.fail(path(key), message); }

  int64_t integer(std::string_view key, int64_t min, int64_t max, int64_t def);
  std::optional<int64_t> optional_integer(std::string_view key, int64_t min, int64_t max);
  bool boolean(std::string_view key, bool def);
  std::string string(std::string_view key, const std::string& def, StringRule rule);
  std::string required_string(std::string_view key, StringRule rule);
  std::optional<std::string> optional_string(std::string_view key, StringRule rule);
  std::string choice(std::string_view key, const std::vector<std::string>& choices, const std::string& def);
  std::optional<std::string> optional_choice(std::string_view key, const std::vector<std::string>& choices);
  // An array of strings (each checked with `rule`), at most `max_items`.
  std::vector<std::string> strings(std::string_view key, const std::vector<std::string>& def, StringRule rule,
                                   size_t min_items, size_t max_items);

 private:
  const nlohmann::json* object_ = nullptr;
  std::string path_;
  Errors& errors_;
};

// Helpers shared by the readers of plugin options (config/plugin-options.cpp).
std::optional<int64_t> as_integer(const nlohmann::json& v);
std::string integer_range_message(int64_t min, int64_t max);
std::string choices_message(const std::vector<std::string>& choices);

}  // namespace pga::config
