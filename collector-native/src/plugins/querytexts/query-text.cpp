#include "plugins/querytexts/query-text.h"

namespace pga::plugins::querytexts {

bool is_agent_text(std::string_view text) { return text.find("/* pga-agent */") != std::string_view::npos; }

std::string_view cut_utf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // back up over continuation bytes (10xxxxxx) to the start of the character that does not fit
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace pga::plugins::querytexts
