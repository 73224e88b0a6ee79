#include "plugins/logs/record-parser.h"

#include <cctype>
#include <string>

namespace pga::plugins::logs {

void append_capped(LogEvent& ev, std::string& field, std::string_view add, size_t max_event_bytes) {
  const size_t used = ev.text_bytes();
  const size_t room = used >= max_event_bytes ? 0 : max_event_bytes - used;
  if (add.size() <= room) {
    field.append(add.data(), add.size());
    return;
  }
  std::string part(add.substr(0, room));
  cut_utf8(part, room);
  field += part;
  ev.truncated = true;
}

void set_capped(LogEvent& ev, std::optional<std::string>& field, std::string_view value, size_t max_event_bytes) {
  if (value.empty()) return;
  if (!field) {
    field.emplace();
  } else {
    append_capped(ev, *field, "\n", max_event_bytes);
  }
  append_capped(ev, *field, value, max_event_bytes);
}

std::optional<std::string_view> split_verbose_sqlstate(std::string_view& message) {
  if (message.size() < 8 || message.substr(5, 2) != ": ") return std::nullopt;
  bool digit = false;
  for (size_t i = 0; i < 5; ++i) {
    const auto c = static_cast<unsigned char>(message[i]);
    if (!std::isdigit(c) && !std::isupper(c)) return std::nullopt;
    digit = digit || std::isdigit(c);
  }
  if (!digit) return std::nullopt;  // every SQLSTATE has a digit; "HELLO: x" is a message
  const std::string_view code = message.substr(0, 5);
  message.remove_prefix(7);
  return code;
}

}  // namespace pga::plugins::logs
