#pragma once
// Splits the bytes of a log file into records — physical lines (stderr, jsonlog) or CSV records, whose
// quoted fields may hold newlines (csvlog) — with bounded memory: a record longer than the cap keeps its
// first max_record_bytes and is marked cut; the rest is skipped (for CSV, still scanned for quotes so the
// record ends where it really ends). Reads are chunked; a record may span chunks; a final line without its
// newline waits in the reader until more bytes come or finish() says the file will not grow.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace pga::plugins::logs {

struct RecordMeta {
  uint64_t offset = 0;  // file offset of the record's first byte
  uint64_t end = 0;     // file offset just after its newline
  int lines = 1;        // physical lines it spans
  bool cut = false;     // longer than the cap
};

class RecordReader {
 public:
  enum class Mode { kLines, kCsv };
  // Called for each complete record; returning false stops the feed right after that record.
  using Callback = std::function<bool(std::string_view record, const RecordMeta& meta)>;

  RecordReader(Mode mode, size_t max_record_bytes) : mode_(mode), max_(max_record_bytes) {}

  // Feeds bytes that start at file offset `offset` (contiguous with the previous feed). Returns how many
  // were consumed: all, or up to the end of the record after which the callback asked to stop.
  size_t feed(std::string_view data, uint64_t offset, const Callback& cb);
  // The file ended for good (rotated away): a last record without its newline is emitted.
  void finish(const Callback& cb);
  void reset();
  bool has_pending() const { return started_; }
  // File offset of the record in progress (the next offset to read when none).
  uint64_t pending_start() const { return started_ ? meta_.offset : next_; }

 private:
  void append(std::string_view bytes);
  bool emit(const Callback& cb, uint64_t end);

  Mode mode_;
  size_t max_;
  std::string buf_;
  RecordMeta meta_;
  bool started_ = false;
  bool in_quotes_ = false;
  uint64_t next_ = 0;
};

}  // namespace pga::plugins::logs
