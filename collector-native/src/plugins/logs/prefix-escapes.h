#pragma once
// The escapes of log_line_prefix (PostgreSQL 13–18) and the shape of the value each one prints: fixed
// shapes (timestamps, numbers, session id, SQLSTATE) are scanned directly; text values (%u %d %a %h %r %b %i
// %L) can hold anything and are split by the matcher's backtracking (line-prefix.h).
#include <cstddef>
#include <string_view>

namespace pga::plugins::logs {

// End of the value of fixed-shape escape `escape` starting at pos in s, or npos when the shape does not
// match there (%P and %v may be empty).
size_t typed_escape_end(char escape, std::string_view s, size_t pos);
// %u %d %a %h %r %b %i %L: any text.
bool is_text_escape(char escape);
// An escape PostgreSQL knows (an unknown one prints nothing).
bool is_known_escape(char escape);

}  // namespace pga::plugins::logs
