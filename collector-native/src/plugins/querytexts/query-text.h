#pragma once
// Pure helpers of the querytexts plugin: recognising the agent's own statements by their marker comment,
// and cutting a text to the size cap without splitting a UTF-8 character.
#include <cstddef>
#include <string_view>

namespace pga::plugins::querytexts {

// True when the normalised text carries the agent's marker comment. pg_stat_statements keeps a leading
// comment in the stored text up to PostgreSQL 17; 18 starts the text at the statement's first token, so
// there only a marker inside the statement is seen (any position counts).
bool is_agent_text(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that ends on a UTF-8 character boundary.
std::string_view cut_utf8(std::string_view text, size_t max_bytes);

}  // namespace pga::plugins::querytexts
