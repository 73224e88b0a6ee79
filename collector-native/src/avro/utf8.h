#pragma once
// Avro strings are UTF-8, and the TypeScript consumers would silently turn invalid bytes into U+FFFD. Text
// the agent reads (server logs in LATIN1 databases, application_name) is not always valid, so the batch
// writer repairs it the same way before encoding: what is stored is what was sent.
#include <string>
#include <string_view>

namespace pga::avro {

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view text);
// `text` with each invalid sequence (a bad lead byte and the continuation bytes after it) replaced by U+FFFD.
std::string repair_utf8(std::string_view text);

}  // namespace pga::avro
