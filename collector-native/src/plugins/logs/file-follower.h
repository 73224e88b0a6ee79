#pragma once
// Follows the log files a glob matches, the way `tail -F` would, across PostgreSQL's and logrotate's
// rotations. Files are known by identity (device, inode), not by name:
//  - a new file (logging_collector's rotation) is read from its beginning, after the older files are
//    finished: files are read oldest first (modification time, then first sight);
//  - a renamed file keeps its cursor; a file renamed out of the glob or deleted is drained through the
//    descriptor kept open on the newest file, then forgotten;
//  - a file whose size went below the read offset, or whose first bytes changed, was truncated or rewritten
//    in place (copytruncate): it is read again from 0. The copy logrotate made of it (same first bytes) is
//    read from where the old cursor stood if the original was already truncated, and skipped otherwise
//    (the original still holds those bytes), so nothing is read twice.
//  - files present at the very first scan start at their end or beginning (start_at); with restored state
//    (offsets saved by a previous run) a known file continues at its saved offset and an unknown one — it
//    appeared while the agent was down — is read from its beginning.
// Bounded work per poll: at most max_bytes_per_poll are read (the rest waits for the next poll) and reading
// stops when the sink is full. If the unread backlog still exceeds max_backlog_bytes after a poll (the
// server logs faster than the agent may send), the follower jumps to the end of every file and counts the
// skipped bytes: being current matters more than being complete for a monitoring agent.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "plugins/logs/file-scan.h"
#include "plugins/logs/record-parser.h"
#include "plugins/logs/record-reader.h"

namespace pga::plugins::logs {

struct FollowerOptions {
  std::string glob;  // absolute file glob
  RecordReader::Mode mode = RecordReader::Mode::kLines;
  size_t max_record_bytes = 65536;
  bool start_at_end = true;
  size_t read_chunk_bytes = 64 * 1024;
  uint64_t max_bytes_per_poll = 32ull << 20;
  uint64_t max_backlog_bytes = 256ull << 20;
  size_t max_files = 1000;
};

// A followed file as saved across restarts.
struct CursorState {
  std::string path;
  uint64_t dev = 0;
  uint64_t ino = 0;
  uint64_t offset = 0;  // end of the last complete event
  uint64_t prefix_len = 0;
  uint64_t prefix_hash = 0;
};

struct PollStats {
  uint64_t bytes_read = 0;
  uint64_t files = 0;          // files matched
  uint64_t truncations = 0;    // files found truncated or rewritten
  uint64_t copies_skipped = 0; // copies of a followed file not read again
  uint64_t skipped_bytes = 0;  // jumped over by the backlog guard
  uint64_t backlog_bytes = 0;  // unread after the poll
  bool sink_full = false;
  std::vector<std::string> errors;  // files that could not be read
};

class FileFollower {
 public:
  using ParserFactory = std::function<std::unique_ptr<RecordParser>()>;
  FileFollower(FollowerOptions options, ParserFactory factory);
  ~FileFollower();

  Expected<PollStats> poll(EventSink& sink);
  std::vector<CursorState> state() const;
  void restore(const std::vector<CursorState>& states);
  uint64_t unmatched_lines() const;
  uint64_t unknown_zones() const;
  const FollowerOptions& options() const { return options_; }

 private:
  struct Cursor;
  using Key = std::pair<uint64_t, uint64_t>;
  void adopt(const FileInfo& f, PollStats& stats);
  uint64_t start_offset(const FileInfo& f, uint64_t* prefix_len, uint64_t* prefix_hash, int64_t* mtime_ns,
                        PollStats& stats);
  void restart(Cursor& c, uint64_t offset);
  void retire_parser(Cursor& c);
  bool read_cursor(Cursor& c, bool finished, EventSink& sink, PollStats& stats, uint64_t& budget);
  void refresh_prefix(Cursor& c);

  FollowerOptions options_;
  ParserFactory factory_;
  std::map<Key, std::unique_ptr<Cursor>> cursors_;
  std::map<Key, CursorState> restored_;
  // cursors truncated during this poll, as they were before: a copy of them continues from there
  struct Truncated {
    CursorState state;
    int64_t mtime_ns = 0;
  };
  std::vector<Truncated> truncated_;
  bool first_scan_ = true;
  bool have_restored_ = false;
  uint64_t seq_ = 0;
  uint64_t retired_unmatched_ = 0;
  uint64_t retired_zones_ = 0;
  std::vector<char> buf_;
};

}  // namespace pga::plugins::logs
