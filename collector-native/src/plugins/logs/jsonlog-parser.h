#pragma once
// jsonlog (PostgreSQL 15+) lines to events: one flat JSON object per line, keys left out when empty:
//   timestamp user dbname pid remote_host remote_port session_id line_num ps session_start vxid txid
//   error_severity state_code message detail hint internal_query internal_position context statement
//   cursor_position func_name file_name file_line_num application_name backend_type leader_pid query_id
// A small scanner reads it rather than a DOM parser: the object is flat, and a line cut by the byte cap is
// still read up to the cut (the keys before it, the cut value partially) instead of being lost whole.
#include <string>
#include <string_view>
#include <vector>

#include "plugins/logs/record-parser.h"

namespace pga::plugins::logs {

struct FlatJsonField {
  std::string key;
  std::string value;  // unescaped string, or the number/true/false text
  bool is_string = false;
};

// Reads `{"k":v,...}`; returns false when the text is not such an object. A cut object yields the fields
// read before the cut (the last string value partially) and returns true with *complete = false.
bool scan_flat_json(std::string_view text, std::vector<FlatJsonField>& fields, bool* complete);

// Reads a JSON string whose opening quote is just before s[i], unescaping it into `out`; advances i past the
// closing quote. False when the text ends first (a cut line).
bool read_json_string(std::string_view s, size_t& i, std::string& out);

class JsonlogParser : public RecordParser {
 public:
  explicit JsonlogParser(const ParseOptions* options) : options_(options) {}
  void record(std::string_view text, const RecordMeta& meta, EventSink& sink) override;
  void flush(EventSink&) override {}

 private:
  const ParseOptions* options_;
  std::vector<FlatJsonField> fields_;
};

}  // namespace pga::plugins::logs
