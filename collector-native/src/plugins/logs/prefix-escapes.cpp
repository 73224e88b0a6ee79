#include "plugins/logs/prefix-escapes.h"

#include <cctype>

namespace pga::plugins::logs {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_zone_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == ':' || c == '/' || c == '_';
}

size_t skip_digits(std::string_view s, size_t pos) {
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  return pos;
}

}  // namespace

size_t typed_escape_end(char escape, std::string_view s, size_t pos) {
  constexpr size_t npos = std::string_view::npos;
  switch (escape) {
    case 'm':
    case 't':
    case 's': {
      if (pos + 19 > s.size() || s[pos + 4] != '-' || s[pos + 10] != ' ' || s[pos + 13] != ':') return npos;
      size_t e = pos + 19;
      if (e < s.size() && s[e] == '.') e = skip_digits(s, e + 1);
      if (e + 1 < s.size() && s[e] == ' ' && is_zone_char(s[e + 1])) {
        ++e;
        while (e < s.size() && is_zone_char(s[e])) ++e;
      }
      return e;
    }
    case 'n': {
      const size_t e = skip_digits(s, pos);
      if (e == pos || e >= s.size() || s[e] != '.') return npos;
      const size_t f = skip_digits(s, e + 1);
      return f == e + 1 ? npos : f;
    }
    case 'p':
    case 'l':
    case 'x': {
      const size_t e = skip_digits(s, pos);
      return e == pos ? npos : e;
    }
    case 'P':
      return skip_digits(s, pos);  // empty outside parallel workers
    case 'Q': {
      const size_t start = pos < s.size() && s[pos] == '-' ? pos + 1 : pos;
      const size_t e = skip_digits(s, start);
      return e == start ? npos : e;
    }
    case 'c': {
      size_t e = pos;
      while (e < s.size() && is_hex(s[e])) ++e;
      if (e == pos || e >= s.size() || s[e] != '.') return npos;
      const size_t f = e + 1;
      e = f;
      while (e < s.size() && is_hex(s[e])) ++e;
      return e == f ? npos : e;
    }
    case 'v': {
      const size_t e = skip_digits(s, pos);
      if (e == pos) return pos;  // no virtual transaction: empty
      if (e >= s.size() || s[e] != '/') return npos;
      const size_t f = skip_digits(s, e + 1);
      return f == e + 1 ? npos : f;
    }
    case 'e': {
      if (pos + 5 > s.size()) return npos;
      for (size_t i = pos; i < pos + 5; ++i) {
        if (!is_digit(s[i]) && !std::isupper(static_cast<unsigned char>(s[i]))) return npos;
      }
      return pos + 5;
    }
    default:
      return npos;
  }
}

bool is_text_escape(char escape) {
  switch (escape) {
    case 'u': case 'd': case 'a': case 'h': case 'r': case 'b': case 'i': case 'L':
      return true;
    default:
      return false;
  }
}

bool is_known_escape(char escape) {
  return is_text_escape(escape) || escape == 'q' || escape == 'm' || escape == 't' || escape == 's' ||
         escape == 'n' || escape == 'p' || escape == 'l' || escape == 'x' || escape == 'P' || escape == 'Q' ||
         escape == 'c' || escape == 'v' || escape == 'e';
}

}  // namespace pga::plugins::logs
