#pragma once
// Statement text with its constants replaced by placeholders, the way pg_stat_statements shows queries:
// string literals ('...', E'...', B'...', X'...', U&'...', N'...'), dollar-quoted strings ($$...$$,
// $tag$...$tag$) and numbers (42, 4.2, 1e5, .5, 0x1F, 1_000) become $n, numbered after the highest $n the
// statement already has. Identifiers ("..."), comments (so the agent's marker survives), $n parameters and
// digits inside names (t1, col_2) are kept. A lexer, not a parser: it never fails, and text it does not
// understand is kept as it is.
#include <string>
#include <string_view>

namespace pga::plugins::logs {

std::string normalize_sql(std::string_view sql);

// Same lexer, but every constant becomes `placeholder` (e.g. "?") instead of $n — for plan conditions and
// message text, where a $n would suggest a parameter that does not exist.
std::string replace_sql_constants(std::string_view sql, std::string_view placeholder);

}  // namespace pga::plugins::logs
