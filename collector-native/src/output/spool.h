#pragma once
// The write-ahead spool: every encoded batch is appended here before it is handed to Kafka, so nothing
// the agent collected is lost when the broker, the network or the agent itself goes down.
//
// On disk (spool.path): segment files `<16 hex digits>.seg` (numbered in order, ~4 MiB each) of records
// (spool-record.h), and `cursor`, replaced atomically, naming the first record Kafka has not acknowledged.
// Segments wholly before the cursor are deleted. On open the segments are scanned: a record torn by a
// crash (short, or with a bad CRC) ends its segment there; reading resumes at the cursor, in order.
//
// The cap (max_bytes) counts segment bytes. When a new record would pass it, `drop_oldest` deletes the
// oldest segments, sent or not, and `drop_newest` refuses the record; both are counted and logged.
//
// Not thread-safe: the engine's thread owns it.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "output/unique-fd.h"

namespace pga::output {

struct SpoolPosition {
  uint64_t segment = 0;  // segment number
  uint64_t offset = 0;   // byte offset of a record in it
  uint64_t index = 0;    // records before it in the segment
  bool operator<(const SpoolPosition& o) const {
    return segment != o.segment ? segment < o.segment : offset < o.offset;
  }
  bool operator==(const SpoolPosition& o) const { return segment == o.segment && offset == o.offset; }
};

struct SpoolRecord {
  std::string topic;
  std::string key;
  std::string payload;
  SpoolPosition at;    // where the record starts
  SpoolPosition next;  // where the one after it starts: acknowledging the record moves the cursor here
};

struct SpoolOptions {
  std::string path;
  int64_t max_bytes = 268435456;
  bool drop_oldest = true;
  uint64_t segment_bytes = 0;  // 0: max_bytes / 8, between 64 KiB and 4 MiB
};

struct SpoolStats {
  uint64_t appended = 0;        // records appended since open
  uint64_t appended_bytes = 0;
  uint64_t dropped_oldest = 0;  // unsent records deleted because the spool was full
  uint64_t dropped_newest = 0;  // records refused because the spool was full
  uint64_t corrupt = 0;         // records cut as torn or damaged
  uint64_t disk_bytes = 0;      // bytes of segment files now
  uint64_t pending = 0;         // records not acknowledged yet
  uint64_t segments = 0;
};

class Spool {
 public:
  static Expected<std::unique_ptr<Spool>> open(SpoolOptions options);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Appends one record (written, not yet fsynced: see sync()). kUnavailable when refused (spool full under
  // drop_newest, record larger than the whole cap, disk full).
  Status append(std::string_view topic, std::string_view key, std::string_view payload);

  // The next record after the read position, which then moves past it; false when everything is read.
  Expected<bool> read(SpoolRecord* out);
  // Reading starts again at the cursor (after a delivery failure: every unacknowledged record is resent).
  void rewind();
  // Every record before `next` is delivered. Never moves the cursor backwards.
  void acknowledge(const SpoolPosition& next);

  // Makes appended records and the cursor durable (fdatasync, atomic rename); cheap when nothing changed.
  Status sync();

  SpoolStats stats() const;
  const SpoolPosition& cursor() const { return cursor_; }
  bool has_unread() const;

 private:
  struct Segment {
    uint64_t number = 0;
    uint64_t bytes = 0;
    uint64_t records = 0;
  };
  explicit Spool(SpoolOptions options);
  Status load();
  Status scan(Segment& segment, bool verify_crc);
  std::string segment_path(uint64_t number) const;
  Segment* find(uint64_t number);
  void normalize(SpoolPosition& position);
  Status open_tail();
  Status drop_oldest_segment();
  void delete_acknowledged();
  void log_drop(const char* what, uint64_t records);

  SpoolOptions options_;
  std::deque<Segment> segments_;  // in number order; the last is the tail while tail_fd_ is open
  UniqueFd tail_fd_;
  UniqueFd read_fd_;
  uint64_t read_fd_segment_ = 0;
  uint64_t next_number_ = 1;
  SpoolPosition cursor_;
  SpoolPosition read_;
  bool tail_dirty_ = false;
  bool cursor_dirty_ = false;
  SpoolStats stats_;
  int64_t last_drop_log_s_ = 0;
  uint64_t drops_since_log_ = 0;
};

}  // namespace pga::output
