#include "output/spool.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "core/files.h"
#include "core/log.h"
#include "output/spool-io.h"
#include "output/spool-record.h"

namespace pga::output {
namespace {

using namespace spool_io;

constexpr int64_t kDropLogEveryS = 60;

int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

Spool::Spool(SpoolOptions options) : options_(std::move(options)) {
  if (options_.segment_bytes == 0) {
    options_.segment_bytes = std::clamp<uint64_t>(static_cast<uint64_t>(options_.max_bytes) / 8, 64u << 10, 4u << 20);
  }
}

Spool::~Spool() { (void)sync(); }

Expected<std::unique_ptr<Spool>> Spool::open(SpoolOptions options) {
  std::unique_ptr<Spool> spool(new Spool(std::move(options)));
  if (Status s = files::ensure_directory(spool->options_.path); !s) return s;
  if (Status s = spool->load(); !s) return s;
  return spool;
}

std::string Spool::segment_path(uint64_t number) const {
  return files::join(options_.path, spool_io::segment_name(number));
}

Spool::Segment* Spool::find(uint64_t number) {
  for (auto& segment : segments_) {
    if (segment.number == number) return &segment;
  }
  return nullptr;
}

// A position at the end of a finished segment, or in a deleted one, moves to the start of the next.
void Spool::normalize(SpoolPosition& position) {
  const Segment* segment = find(position.segment);
  if (segment != nullptr) {
    const bool open_tail = tail_fd_.valid() && segment == &segments_.back();
    if (position.offset < segment->bytes || open_tail) return;
  }
  for (const auto& s : segments_) {
    if (s.number > position.segment) {
      position = {s.number, 0, 0};
      return;
    }
  }
  position = {std::max(next_number_, position.segment), 0, 0};  // the segment the next append creates
}

Status Spool::open_tail() {
  const std::string path = segment_path(segments_.back().number);
  tail_fd_.reset(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (!tail_fd_.valid()) return Status::unavailable("cannot open spool segment " + path + ": " + errno_text());
  return Status::ok();
}

Status Spool::append(std::string_view topic, std::string_view key, std::string_view payload) {
  if (topic.size() > 0xffff || key.size() > 0xffff) return Status::invalid("topic or key too long for the spool");
  const uint64_t size = encoded_record_size(topic, key, payload);
  const auto cap = static_cast<uint64_t>(options_.max_bytes);
  if (size > cap || size - kRecordHeaderBytes > kMaxRecordBody) {
    ++stats_.dropped_newest;
    log_drop("refused a batch larger than the whole spool", 1);
    return Status::unavailable("batch of " + std::to_string(size) + " bytes is larger than spool.max_bytes");
  }
  while (stats().disk_bytes + size > cap) {
    if (!options_.drop_oldest) {
      ++stats_.dropped_newest;
      log_drop("spool full: refused the newest batch (on_full: drop_newest)", 1);
      return Status::unavailable("spool full (" + std::to_string(cap) + " bytes)");
    }
    if (Status s = drop_oldest_segment(); !s) return s;
  }
  if (tail_fd_.valid() && segments_.back().bytes > 0 && segments_.back().bytes + size > options_.segment_bytes) {
    if (tail_dirty_ && ::fdatasync(tail_fd_.get()) != 0) {
      return Status::unavailable("cannot sync the spool: " + errno_text());
    }
    tail_dirty_ = false;
    tail_fd_.reset();
  }
  if (!tail_fd_.valid()) {
    segments_.push_back({next_number_++, 0, 0});
    if (Status s = open_tail(); !s) {
      segments_.pop_back();
      return s;
    }
  }
  Segment& tail = segments_.back();
  const std::string head = encode_record_head(topic, key, payload);
  if (!write_all(tail_fd_.get(), head.data(), head.size()) ||
      !write_all(tail_fd_.get(), payload.data(), payload.size())) {
    const std::string why = errno_text();
    (void)!::ftruncate(tail_fd_.get(), static_cast<off_t>(tail.bytes));  // leave no torn record behind
    return Status::unavailable("cannot write to the spool " + options_.path + ": " + why);
  }
  tail.bytes += size;
  ++tail.records;
  ++stats_.appended;
  stats_.appended_bytes += size;
  tail_dirty_ = true;
  return Status::ok();
}

Status Spool::drop_oldest_segment() {
  if (segments_.empty()) return Status::internal("spool over its cap with no segment");
  const Segment oldest = segments_.front();
  if (segments_.size() == 1) tail_fd_.reset();  // the tail itself goes: the next append starts a new one
  uint64_t unsent = oldest.records;
  if (cursor_.segment == oldest.number) unsent -= std::min(unsent, cursor_.index);
  if (cursor_.segment > oldest.number) unsent = 0;
  ::unlink(segment_path(oldest.number).c_str());
  segments_.pop_front();
  if (read_fd_segment_ == oldest.number) read_fd_.reset();
  stats_.dropped_oldest += unsent;
  log_drop("spool full: deleted the oldest unsent batches (on_full: drop_oldest)", unsent);
  if (cursor_.segment <= oldest.number) {
    normalize(cursor_);
    cursor_dirty_ = true;
  }
  if (read_.segment <= oldest.number) normalize(read_);
  return Status::ok();
}

Expected<bool> Spool::read(SpoolRecord* out) {
  for (;;) {
    normalize(read_);
    Segment* segment = find(read_.segment);
    if (segment == nullptr || read_.offset >= segment->bytes) return false;
    if (!read_fd_.valid() || read_fd_segment_ != segment->number) {
      const std::string path = segment_path(segment->number);
      read_fd_.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
      if (!read_fd_.valid()) return Status::unavailable("cannot open spool segment " + path + ": " + errno_text());
      read_fd_segment_ = segment->number;
    }
    char header[kRecordHeaderBytes];
    uint32_t length = 0, crc = 0;
    std::string body;
    bool ok = pread_all(read_fd_.get(), header, sizeof header, read_.offset) && decode_header(header, &length, &crc) &&
              read_.offset + kRecordHeaderBytes + length <= segment->bytes;
    Expected<RecordView> view = Status::internal("unread");
    if (ok) {
      body.resize(length);
      ok = pread_all(read_fd_.get(), body.data(), length, read_.offset + kRecordHeaderBytes);
      if (ok) view = decode_body(body, crc);
      ok = ok && view.has_value();
    }
    if (!ok) {
      // Damaged on disk after it was written: the rest of this segment cannot be trusted.
      const uint64_t lost = segment->records - std::min(segment->records, read_.index);
      stats_.corrupt += lost;
      log::error("spool: damaged record, skipping the rest of its segment",
                 {{"segment", segment_path(segment->number)}, {"offset", read_.offset}, {"records", lost}});
      if (segment == &segments_.back()) tail_fd_.reset();
      read_ = {segment->number, segment->bytes, segment->records};
      continue;
    }
    out->topic.assign(view->topic);
    out->key.assign(view->key);
    // The payload is the body's tail: keep the buffer (shifted in place) rather than copy a megabyte.
    const size_t payload_at = static_cast<size_t>(view->payload.data() - body.data());
    body.erase(0, payload_at);
    out->payload = std::move(body);
    out->at = read_;
    out->next = {segment->number, read_.offset + kRecordHeaderBytes + length, read_.index + 1};
    read_ = out->next;
    return true;
  }
}

bool Spool::has_unread() const {
  for (const auto& segment : segments_) {
    if (segment.number > read_.segment && segment.records > 0) return true;
    if (segment.number == read_.segment && read_.offset < segment.bytes) return true;
  }
  return false;
}

void Spool::rewind() { read_ = cursor_; }

void Spool::acknowledge(const SpoolPosition& next) {
  if (!(cursor_ < next)) return;
  cursor_ = next;
  cursor_dirty_ = true;
  normalize(cursor_);
  delete_acknowledged();
}

void Spool::delete_acknowledged() {
  while (!segments_.empty() && segments_.front().number < cursor_.segment) {
    const uint64_t number = segments_.front().number;
    if (segments_.size() == 1) tail_fd_.reset();
    ::unlink(segment_path(number).c_str());
    if (read_fd_segment_ == number) read_fd_.reset();
    segments_.pop_front();
  }
}

Status Spool::sync() {
  if (tail_dirty_ && tail_fd_.valid()) {
    if (::fdatasync(tail_fd_.get()) != 0) return Status::unavailable("cannot sync the spool: " + errno_text());
  }
  tail_dirty_ = false;
  if (cursor_dirty_) {
    char text[96];
    std::snprintf(text, sizeof text, "%s 1 %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", kCursorMagic, cursor_.segment,
                  cursor_.offset, cursor_.index);
    if (Status s = files::write_atomic(files::join(options_.path, kCursorFile), text); !s) return s;
    cursor_dirty_ = false;
  }
  return Status::ok();
}

SpoolStats Spool::stats() const {
  SpoolStats out = stats_;
  out.disk_bytes = 0;
  out.pending = 0;
  for (const auto& segment : segments_) {
    out.disk_bytes += segment.bytes;
    out.pending += segment.records;
    if (segment.number == cursor_.segment) out.pending -= std::min(segment.records, cursor_.index);
  }
  out.segments = segments_.size();
  return out;
}

void Spool::log_drop(const char* what, uint64_t records) {
  drops_since_log_ += records;
  const int64_t now = now_s();
  const nlohmann::json fields = {{"records", drops_since_log_},
                                 {"dropped_oldest_total", stats_.dropped_oldest},
                                 {"dropped_newest_total", stats_.dropped_newest},
                                 {"max_bytes", options_.max_bytes},
                                 {"path", options_.path}};
  if (last_drop_log_s_ == 0 || now - last_drop_log_s_ >= kDropLogEveryS) {
    log::warn(std::string(what) + "; Kafka has not acknowledged them: check the brokers, or raise spool.max_bytes",
              fields);
    last_drop_log_s_ = now;
    drops_since_log_ = 0;
  } else {
    log::debug(what, fields);
  }
}

}  // namespace pga::output
