#include "config/name-rules.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace pga::config::rules {
namespace {

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool in(char c, const char* set) { return c != '\0' && std::string_view(set).find(c) != std::string_view::npos; }

// C0, DEL and the C1 range (UTF-8 encoded as C2 80..C2 9F), like hasControlCharacters() in fields.ts.
bool has_control(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xa0 &&
        static_cast<unsigned char>(s[i + 1]) >= 0x80)
      return true;
  }
  return false;
}

// ^[first][rest]{0,max_len-1}$ where first/rest are alphanumerics plus the extra characters given.
bool shaped(std::string_view s, const char* first_extra, const char* rest_extra, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  if (!alnum(s[0]) && !in(s[0], first_extra)) return false;
  return std::all_of(s.begin() + 1, s.end(), [&](char c) { return alnum(c) || in(c, rest_extra); });
}

}  // namespace

const char* env_name(std::string_view s) {
  const bool ok = !s.empty() && s.size() <= 128 && !digit(s[0]) && shaped(s, "_", "_", 128);
  return ok ? nullptr : "expected an environment variable name (letters, digits, _)";
}

const char* absolute_path(std::string_view s) {
  const bool ok = !s.empty() && s.size() <= 1024 && s[0] == '/' && s.find_first_of(std::string_view("\0\n\r", 3)) ==
                                                                        std::string_view::npos;
  return ok ? nullptr : "expected an absolute path (starting with /)";
}

const char* glob_pattern(std::string_view s) {
  const bool ok = !s.empty() && s.size() <= 128 && !has_control(s);
  return ok ? nullptr : "expected a glob pattern without control characters (1-128 characters)";
}

const char* instance_name(std::string_view s) {
  return shaped(s, "", "_.-", 63) ? nullptr
                                  : "expected 1-63 letters, digits, _ . or - (starting with a letter or digit)";
}

const char* server_id(std::string_view s) {
  return shaped(s, "", "_.:@/-", 128)
             ? nullptr
             : "expected 1-128 letters, digits, _ . : @ / or - (starting with a letter or digit)";
}

const char* host_name(std::string_view s) {
  return shaped(s, "_", "_.:-", 253) ? nullptr : "expected a host name or IP address";
}

const char* pg_host(std::string_view s) {
  if (!s.empty() && s[0] == '/') return absolute_path(s) ? "expected a Unix-socket directory (absolute path)" : nullptr;
  return shaped(s, "_", "_.:-", 253)
             ? nullptr
             : "expected a host name, an IP address or a Unix-socket directory (absolute path)";
}

const char* pg_name(std::string_view s) {
  const bool ok = !s.empty() && s.size() <= 63 && !has_control(s);
  return ok ? nullptr : "expected a name of 1-63 characters without control characters";
}

const char* broker_address(std::string_view s) {
  const auto colon = s.rfind(':');
  const bool ok = colon != std::string_view::npos && colon > 0 && colon + 1 < s.size() && s.size() - colon - 1 <= 5 &&
                  colon <= 253 &&
                  std::all_of(s.begin() + static_cast<long>(colon) + 1, s.end(), digit) &&
                  std::all_of(s.begin(), s.begin() + static_cast<long>(colon),
                              [](char c) { return alnum(c) || in(c, "_.:[]-"); });
  return ok ? nullptr : "expected host:port";
}

const char* topic_prefix(std::string_view s) {
  return shaped(s, "", "_-", 64) ? nullptr : "expected letters, digits, _ or - (a Kafka topic prefix)";
}

const char* collector_name(std::string_view s) {
  return shaped(s, "", " _.:@()+/-", 128)
             ? nullptr
             : "expected 1-128 letters, digits, spaces or _ . : @ ( ) + / - (starting with a letter or digit)";
}

const char* agent_version(std::string_view s) {
  return shaped(s, "", ".+_-", 64) ? nullptr : "expected a version such as 1.2.3 or 1.2.3-rc.1+abc";
}

bool looks_like_secret(std::string_view key) {
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  for (const char* word : {"pass", "secret", "token", "credential", "private"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace pga::config::rules
