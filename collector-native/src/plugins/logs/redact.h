#pragma once
// Redaction of values that can carry user data out of log text (redact_parameters = true, the default).
//
// Messages, DETAIL, HINT and CONTEXT are server text with values quoted into them. What is replaced by "?":
//  - single-quoted literals ('...'), as in "parameters: $1 = '42'" or "Query Parameters: ..."
//  - the values of "Key (email)=(alice@example.com)" and "Failing row contains (...)" (constraint errors)
//  - a double-quoted value after ": " or "value " ("invalid input syntax for type integer: \"abc\"")
//  - the statements quoted into deadlock details ("Process 123: UPDATE ...") and PL/pgSQL contexts
//    ("SQL statement \"...\""), whose constants are replaced as in statements
//  - with `numbers`, every standalone number outside double quotes ("value 2147483648 is out of range").
// Double-quoted identifiers (relation "accounts", constraint "accounts_email_key") are kept: they name
// schema objects, not data. `numbers` is off for LOG/INFO/DEBUG events: those are the server's own figures
// (checkpoint buffers, vacuum pages, durations, temp file sizes), which are the point of the event.
#include <string>
#include <string_view>

namespace pga::plugins::logs {

std::string redact_text(std::string_view text, bool numbers);

// auto_explain plans: constants in conditions, filters, keys and outputs become "?", single-quoted literals
// anywhere, and "Query Parameters" lines are dropped; costs, row counts and timings stay.
std::string redact_plan(std::string_view plan);

}  // namespace pga::plugins::logs
