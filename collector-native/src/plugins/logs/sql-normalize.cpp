#include "plugins/logs/sql-normalize.h"

#include <cctype>

namespace pga::plugins::logs {
namespace {

bool ident_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}
bool ident_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || u >= 0x80;
}
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

class Lexer {
 public:
  Lexer(std::string_view s, bool numbered, std::string_view placeholder)
      : s_(s), numbered_(numbered), placeholder_(placeholder) {}

  // First pass: the highest $n of the statement, so new placeholders do not collide with it.
  void find_max_param() {
    emit_ = false;
    run();
    next_param_ = max_param_ + 1;
    emit_ = true;
    out_.clear();
  }
  std::string run() {
    i_ = 0;
    while (i_ < s_.size()) step();
    return out_;
  }

 private:
  char at(size_t k) const { return k < s_.size() ? s_[k] : '\0'; }
  bool after_ident() const { return i_ > 0 && ident_char(s_[i_ - 1]); }
  void copy(size_t end) {
    if (emit_) out_.append(s_.data() + i_, end - i_);
    i_ = end;
  }
  void constant(size_t end) {
    if (emit_) {
      if (numbered_) {
        out_ += '$';
        out_ += std::to_string(next_param_++);
      } else {
        out_ += placeholder_;
      }
    }
    i_ = end;
  }

  size_t quoted_end(size_t pos, bool backslashes) const {  // pos: just after the opening quote
    while (pos < s_.size()) {
      const char c = s_[pos];
      if (backslashes && c == '\\') {
        pos += 2;
        continue;
      }
      if (c == '\'') {
        if (at(pos + 1) == '\'') {
          pos += 2;
          continue;
        }
        return pos + 1;
      }
      ++pos;
    }
    return s_.size();  // unterminated (a cut statement): the rest is the constant
  }

  size_t number_end(size_t pos) const {
    if (s_[pos] == '0' && (at(pos + 1) == 'x' || at(pos + 1) == 'X' || at(pos + 1) == 'o' || at(pos + 1) == 'O' ||
                           at(pos + 1) == 'b' || at(pos + 1) == 'B') &&
        std::isxdigit(static_cast<unsigned char>(at(pos + 2)))) {
      pos += 2;
      while (std::isxdigit(static_cast<unsigned char>(at(pos))) || at(pos) == '_') ++pos;
      return pos;
    }
    while (is_digit(at(pos)) || (at(pos) == '_' && is_digit(at(pos + 1)))) ++pos;
    if (at(pos) == '.' && at(pos + 1) != '.') {  // "1..5" is a range in plans, not 1. followed by .5
      ++pos;
      while (is_digit(at(pos))) ++pos;
    }
    if ((at(pos) == 'e' || at(pos) == 'E') &&
        (is_digit(at(pos + 1)) || ((at(pos + 1) == '+' || at(pos + 1) == '-') && is_digit(at(pos + 2))))) {
      pos += 2;
      while (is_digit(at(pos))) ++pos;
    }
    return pos;
  }

  void step() {
    const char c = s_[i_];
    if (c == '-' && at(i_ + 1) == '-') {
      size_t e = s_.find('\n', i_);
      copy(e == std::string_view::npos ? s_.size() : e);
    } else if (c == '/' && at(i_ + 1) == '*') {
      size_t p = i_ + 2;
      int depth = 1;
      while (p < s_.size() && depth > 0) {
        if (s_[p] == '/' && at(p + 1) == '*') {
          ++depth;
          p += 2;
        } else if (s_[p] == '*' && at(p + 1) == '/') {
          --depth;
          p += 2;
        } else {
          ++p;
        }
      }
      copy(p);
    } else if (c == '"') {
      size_t e = s_.find('"', i_ + 1);
      copy(e == std::string_view::npos ? s_.size() : e + 1);
    } else if (c == '\'') {
      constant(quoted_end(i_ + 1, false));
    } else if (!after_ident() && (c == 'E' || c == 'e') && at(i_ + 1) == '\'') {
      constant(quoted_end(i_ + 2, true));
    } else if (!after_ident() && std::string_view("BbXxNn").find(c) != std::string_view::npos && at(i_ + 1) == '\'') {
      constant(quoted_end(i_ + 2, false));
    } else if (!after_ident() && (c == 'U' || c == 'u') && at(i_ + 1) == '&' && at(i_ + 2) == '\'') {
      constant(quoted_end(i_ + 3, false));
    } else if (c == '$' && !after_ident()) {
      dollar();
    } else if (!after_ident() && (is_digit(c) || (c == '.' && is_digit(at(i_ + 1)) && (i_ == 0 || s_[i_ - 1] != '.')))) {
      constant(number_end(i_));
    } else {
      copy(i_ + 1);
    }
  }

  void dollar() {
    size_t p = i_ + 1;
    if (is_digit(at(p))) {  // a parameter: $1
      int n = 0;
      while (is_digit(at(p))) {
        if (n < 100000) n = n * 10 + (s_[p] - '0');
        ++p;
      }
      if (n > max_param_) max_param_ = n;
      copy(p);
      return;
    }
    if (at(p) != '$' && !ident_start(at(p))) {
      copy(p);
      return;
    }
    while (at(p) != '$' && p < s_.size() && ident_char(at(p)) && s_[p] != '$') ++p;
    if (at(p) != '$') {
      copy(p);
      return;
    }
    const std::string_view tag = s_.substr(i_, p + 1 - i_);  // "$$" or "$tag$"
    const size_t close = s_.find(tag, p + 1);
    constant(close == std::string_view::npos ? s_.size() : close + tag.size());
  }

  std::string_view s_;
  bool numbered_;
  std::string_view placeholder_;
  bool emit_ = true;
  size_t i_ = 0;
  int max_param_ = 0;
  int next_param_ = 1;
  std::string out_;
};

}  // namespace

std::string normalize_sql(std::string_view sql) {
  Lexer lexer(sql, true, "");
  lexer.find_max_param();
  return lexer.run();
}

std::string replace_sql_constants(std::string_view sql, std::string_view placeholder) {
  Lexer lexer(sql, false, placeholder);
  return lexer.run();
}

}  // namespace pga::plugins::logs
