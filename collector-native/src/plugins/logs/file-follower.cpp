#include "plugins/logs/file-follower.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pga::plugins::logs {
namespace {

constexpr uint64_t kPrefixLen = 256;      // bytes fingerprinted at the start of each file
constexpr uint64_t kMinCopyPrefix = 64;   // fewer bytes do not identify a copy (a timestamp and a pid do)

}  // namespace

struct FileFollower::Cursor {
  Cursor(RecordReader::Mode mode, size_t max_record) : reader(mode, max_record) {}
  FileInfo info;
  bool present = false;
  uint64_t seq = 0;
  uint64_t offset = 0;  // next byte to read
  uint64_t prefix_len = 0;
  uint64_t prefix_hash = 0;
  UniqueFd fd;
  RecordReader reader;
  std::unique_ptr<RecordParser> parser;

  // Where a restart must resume so that no event is lost: the start of what is still being assembled.
  uint64_t committed() const {
    uint64_t at = reader.has_pending() ? reader.pending_start() : offset;
    if (parser) {
      if (auto p = parser->pending_start()) at = std::min(at, *p);
    }
    return at;
  }
  CursorState saved() const { return CursorState{info.path, info.dev, info.ino, committed(), prefix_len, prefix_hash}; }
};

FileFollower::FileFollower(FollowerOptions options, ParserFactory factory)
    : options_(std::move(options)), factory_(std::move(factory)), buf_(options_.read_chunk_bytes) {}

FileFollower::~FileFollower() = default;

void FileFollower::restore(const std::vector<CursorState>& states) {
  restored_.clear();
  for (const auto& s : states) restored_[{s.dev, s.ino}] = s;
  have_restored_ = !states.empty();
}

std::vector<CursorState> FileFollower::state() const {
  std::vector<CursorState> out;
  for (const auto& [key, c] : cursors_) {
    if (c->present) out.push_back(c->saved());
  }
  return out;
}

uint64_t FileFollower::unmatched_lines() const {
  uint64_t n = retired_unmatched_;
  for (const auto& [key, c] : cursors_) n += c->parser ? c->parser->unmatched_lines() : 0;
  return n;
}

uint64_t FileFollower::unknown_zones() const {
  uint64_t n = retired_zones_;
  for (const auto& [key, c] : cursors_) n += c->parser ? c->parser->unknown_zones() : 0;
  return n;
}

void FileFollower::retire_parser(Cursor& c) {
  if (!c.parser) return;
  retired_unmatched_ += c.parser->unmatched_lines();
  retired_zones_ += c.parser->unknown_zones();
  c.parser.reset();
}

void FileFollower::restart(Cursor& c, uint64_t offset) {
  c.offset = offset;
  c.reader.reset();
  retire_parser(c);
  c.parser = factory_();
}

// How far into a file first seen in this poll reading starts.
uint64_t FileFollower::start_offset(const FileInfo& f, uint64_t* prefix_len, uint64_t* prefix_hash_out,
                                    int64_t* mtime_ns, PollStats& stats) {
  const auto restored = restored_.find({f.dev, f.ino});
  if (restored != restored_.end()) {
    const CursorState& s = restored->second;
    const bool same = s.prefix_len == 0 || prefix_hash(f.path, s.prefix_len) == s.prefix_hash;
    if (same && s.offset <= f.size) {
      *prefix_len = s.prefix_len;
      *prefix_hash_out = s.prefix_hash;
      return s.offset;
    }
    return 0;
  }
  // A copy of a file being followed (logrotate copytruncate): same first bytes.
  for (const Truncated& t : truncated_) {
    const CursorState& s = t.state;
    if (s.prefix_len >= kMinCopyPrefix && f.size >= s.prefix_len && prefix_hash(f.path, s.prefix_len) == s.prefix_hash) {
      // The original was emptied: the copy holds its unread tail, written before what the original holds now
      // (so it is read first, whatever time the copy was made).
      *mtime_ns = std::min(*mtime_ns, t.mtime_ns);
      return std::min(s.offset, f.size);
    }
  }
  for (const auto& [key, c] : cursors_) {
    if (c->prefix_len >= kMinCopyPrefix && f.size >= c->prefix_len &&
        prefix_hash(f.path, c->prefix_len) == c->prefix_hash) {
      ++stats.copies_skipped;  // the original still holds these bytes and is read there
      return f.size;
    }
  }
  if (first_scan_ && !have_restored_) return options_.start_at_end ? f.size : 0;
  return 0;  // appeared since: a rotation, read it whole
}

void FileFollower::adopt(const FileInfo& f, PollStats& stats) {
  auto c = std::make_unique<Cursor>(options_.mode, options_.max_record_bytes);
  c->info = f;
  c->present = true;
  c->seq = seq_++;
  c->offset = start_offset(f, &c->prefix_len, &c->prefix_hash, &c->info.mtime_ns, stats);
  c->parser = factory_();
  cursors_[{f.dev, f.ino}] = std::move(c);
}

void FileFollower::refresh_prefix(Cursor& c) {
  if (c.prefix_len >= kPrefixLen || c.info.size <= c.prefix_len) return;
  const uint64_t len = std::min<uint64_t>(c.info.size, kPrefixLen);
  const auto h = c.fd.valid() ? prefix_hash(c.fd.get(), len) : prefix_hash(c.info.path, len);
  if (!h) return;
  c.prefix_len = len;
  c.prefix_hash = *h;
}

bool FileFollower::read_cursor(Cursor& c, bool finished, EventSink& sink, PollStats& stats, uint64_t& budget) {
  if (!c.fd.valid()) {
    if (!c.present || (finished && c.info.size <= c.offset)) return true;
    UniqueFd fd(::open(c.info.path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd.valid() || ::fstat(fd.get(), &st) != 0) {
      stats.errors.push_back(c.info.path + ": " + std::strerror(errno));
      return true;
    }
    if (static_cast<uint64_t>(st.st_ino) != c.info.ino) return true;  // replaced since the listing: next poll
    c.fd = std::move(fd);
  }
  const RecordReader::Callback until_full = [&](std::string_view rec, const RecordMeta& meta) {
    c.parser->record(rec, meta, sink);
    return !sink.full();
  };
  while (true) {
    if (sink.full()) {
      stats.sink_full = true;
      return false;
    }
    if (budget == 0) return false;
    const size_t want = static_cast<size_t>(std::min<uint64_t>(buf_.size(), budget));
    const ssize_t n = ::pread(c.fd.get(), buf_.data(), want, static_cast<off_t>(c.offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      stats.errors.push_back(c.info.path + ": " + std::strerror(errno));
      return true;
    }
    if (n == 0) break;
    const auto got = static_cast<size_t>(n);
    const size_t used = c.reader.feed(std::string_view(buf_.data(), got), c.offset, until_full);
    c.offset += used;
    budget -= used;
    stats.bytes_read += used;
    if (used < got) {
      stats.sink_full = true;
      return false;
    }
  }
  if (finished) {  // PostgreSQL writes elsewhere now: a last line without its newline is complete
    c.reader.finish([&](std::string_view rec, const RecordMeta& meta) {
      c.parser->record(rec, meta, sink);
      return true;
    });
  }
  c.parser->flush(sink);
  if (finished) c.fd.reset();
  return true;
}

Expected<PollStats> FileFollower::poll(EventSink& sink) {
  auto files = list_files(options_.glob, options_.max_files);
  if (!files) return files.status();
  PollStats stats;
  stats.files = files->size();
  truncated_.clear();
  for (auto& [key, c] : cursors_) c->present = false;

  std::vector<const FileInfo*> fresh;
  for (const FileInfo& f : *files) {
    const auto it = cursors_.find({f.dev, f.ino});
    if (it == cursors_.end()) {
      fresh.push_back(&f);
      continue;
    }
    Cursor& c = *it->second;
    c.present = true;
    const bool changed = f.size != c.info.size || f.mtime_ns != c.info.mtime_ns;
    bool rewritten = f.size < c.offset;
    if (!rewritten && changed && c.prefix_len > 0) rewritten = prefix_hash(f.path, c.prefix_len) != c.prefix_hash;
    if (rewritten) {
      truncated_.push_back(Truncated{c.saved(), c.info.mtime_ns});
      restart(c, 0);
      c.prefix_len = 0;
      c.prefix_hash = 0;
      ++stats.truncations;
    }
    c.info = f;
  }
  for (const FileInfo* f : fresh) adopt(*f, stats);
  first_scan_ = false;
  restored_.clear();

  // Gone without a descriptor to drain them: forget them.
  for (auto it = cursors_.begin(); it != cursors_.end();) {
    if (!it->second->present && !it->second->fd.valid()) {
      retire_parser(*it->second);
      it = cursors_.erase(it);
    } else {
      ++it;
    }
  }

  std::vector<Cursor*> order;
  for (auto& [key, c] : cursors_) order.push_back(c.get());
  std::sort(order.begin(), order.end(), [](const Cursor* a, const Cursor* b) {
    return a->info.mtime_ns != b->info.mtime_ns ? a->info.mtime_ns < b->info.mtime_ns : a->seq < b->seq;
  });
  const Cursor* newest = nullptr;
  for (const Cursor* c : order) {
    if (c->present) newest = c;
  }
  uint64_t budget = options_.max_bytes_per_poll;
  for (Cursor* c : order) {
    if (!read_cursor(*c, !c->present || c != newest, sink, stats, budget)) break;
  }

  for (auto it = cursors_.begin(); it != cursors_.end();) {
    Cursor& c = *it->second;
    if (!c.present && !c.fd.valid()) {
      retire_parser(c);
      it = cursors_.erase(it);
      continue;
    }
    if (c.present) {
      refresh_prefix(c);
      if (c.info.size > c.offset) stats.backlog_bytes += c.info.size - c.offset;
    }
    ++it;
  }
  if (stats.backlog_bytes > options_.max_backlog_bytes) {
    for (auto& [key, c] : cursors_) {
      if (!c->present || c->info.size <= c->offset) continue;
      stats.skipped_bytes += c->info.size - c->offset;
      restart(*c, c->info.size);
    }
    stats.backlog_bytes = 0;
  }
  return stats;
}

}  // namespace pga::plugins::logs
