#include "plugins/logs/log-event.h"

#include <array>

namespace pga::plugins::logs {
namespace {

size_t opt_size(const std::optional<std::string>& s) { return s ? s->size() : 0; }

// Length of the valid UTF-8 sequence starting at text[i], 0 when it is not valid.
size_t utf8_sequence(const std::string& text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  size_t len = 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) len = 3;
  else if (c >= 0xF0 && c <= 0xF4) len = 4;
  else return 0;
  if (i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  // overlong forms, UTF-16 surrogates and code points above U+10FFFF are not valid either
  const auto c1 = static_cast<unsigned char>(text[i + 1]);
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
    return 0;
  return len;
}

}  // namespace

size_t LogEvent::text_bytes() const {
  return message.size() + opt_size(detail) + opt_size(hint) + opt_size(context) + opt_size(internal_query) +
         opt_size(statement) + opt_size(plan);
}

std::string normalized_severity(std::string_view severity) {
  if (severity.rfind("DEBUG", 0) == 0) return "DEBUG";
  return std::string(severity);
}

bool is_primary_severity(std::string_view word) {
  static constexpr std::array<std::string_view, 13> kWords = {
      "LOG", "ERROR", "WARNING", "FATAL", "PANIC", "NOTICE", "INFO",
      "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5"};
  for (auto w : kWords) {
    if (w == word) return true;
  }
  return false;
}

bool is_secondary_label(std::string_view word) {
  return word == "DETAIL" || word == "HINT" || word == "CONTEXT" || word == "STATEMENT" || word == "QUERY" ||
         word == "LOCATION";
}

bool cut_utf8(std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return false;
  size_t end = max_bytes;
  // back off over continuation bytes so a multi-byte character is kept whole or dropped whole
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return true;
}

void sanitize_utf8(std::string& text) {
  for (size_t i = 0; i < text.size();) {
    const size_t len = utf8_sequence(text, i);
    if (len == 0) {
      text[i] = '?';
      ++i;
    } else {
      i += len;
    }
  }
}

}  // namespace pga::plugins::logs
