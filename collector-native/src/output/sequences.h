#pragma once
// Envelope sequence numbers: per (server_id, schema), monotonically increasing from 1, continued across
// restarts. The next free number is saved (atomic rename, fsync) before a reserved number is used, so a
// crash can leave a gap but does not reuse a number. File: <state_dir>/sequences.json,
// {"version": 1, "next": {"<server_id>": {"<schema>": <next>}}}.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "core/status.h"

namespace pga::output {

class SequenceStore {
 public:
  // Reads the saved numbers (none yet is fine; an unreadable file is reported, and numbering restarts).
  static Expected<std::unique_ptr<SequenceStore>> open(const std::string& state_dir);

  // Reserves `count` (≥ 1) consecutive numbers and returns the first, after saving the next free one. When
  // saving fails (state_dir full or read-only) the numbers are still handed out — losing the batch would be
  // worse than a restart reusing them — and `saved` says why.
  int64_t reserve(const std::string& server_id, const std::string& schema, int64_t count = 1,
                  Status* saved = nullptr);
  // The number the next reserve() would return.
  int64_t peek(const std::string& server_id, const std::string& schema) const;

 private:
  explicit SequenceStore(std::string path) : path_(std::move(path)) {}
  Status save() const;

  std::string path_;
  std::map<std::string, std::map<std::string, int64_t>> next_;
};

}  // namespace pga::output
