#pragma once
// csvlog records (RFC 4180, quoted fields may hold newlines) to events. The column set grew over the
// versions the agent supports; the first 23 columns are the same everywhere, so columns are read by
// position and a shorter row simply lacks the newer ones:
//   0 log_time  1 user_name  2 database_name  3 process_id  4 connection_from  5 session_id
//   6 session_line_num  7 command_tag  8 session_start_time  9 virtual_transaction_id  10 transaction_id
//   11 error_severity  12 sql_state_code  13 message  14 detail  15 hint  16 internal_query
//   17 internal_query_pos  18 context  19 query  20 query_pos  21 location  22 application_name
//   23 backend_type (PG13+)  24 leader_pid (PG14+)  25 query_id (PG14+)
#include <string>
#include <string_view>
#include <vector>

#include "plugins/logs/record-parser.h"

namespace pga::plugins::logs {

// Splits one CSV record into its fields. A record cut by the byte cap yields the fields before the cut and
// the cut one partially.
void split_csv(std::string_view record, std::vector<std::string>& fields);

class CsvlogParser : public RecordParser {
 public:
  explicit CsvlogParser(const ParseOptions* options) : options_(options) {}
  void record(std::string_view text, const RecordMeta& meta, EventSink& sink) override;
  void flush(EventSink&) override {}

 private:
  const ParseOptions* options_;
  std::vector<std::string> fields_;  // reused between records
};

}  // namespace pga::plugins::logs
