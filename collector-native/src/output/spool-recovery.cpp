// Spool::load: what a start finds on disk. Segments before the saved cursor were delivered and go; each
// remaining segment is walked record by record (CRCs checked in the last one, the only one a crash can
// tear) and cut after its last whole record; the cursor is placed on a record boundary.
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>

#include "core/files.h"
#include "core/log.h"
#include "output/spool-io.h"
#include "output/spool-record.h"
#include "output/spool.h"

namespace pga::output {

using namespace spool_io;

Status Spool::load() {
  std::error_code ec;
  std::vector<uint64_t> numbers;
  for (const auto& entry : std::filesystem::directory_iterator(options_.path, ec)) {
    uint64_t number = 0;
    if (parse_segment_name(entry.path().filename().string(), &number)) numbers.push_back(number);
  }
  if (ec) return Status::unavailable("cannot list the spool " + options_.path + ": " + ec.message());
  std::sort(numbers.begin(), numbers.end());

  auto text = files::read_all(files::join(options_.path, kCursorFile), 4096);
  if (text) {
    char magic[32] = {};
    unsigned long long segment = 0, offset = 0, index = 0;
    if (std::sscanf(text->c_str(), "%31s 1 %llu %llu %llu", magic, &segment, &offset, &index) == 4 &&
        std::strcmp(magic, kCursorMagic) == 0) {
      cursor_ = {segment, offset, 0};
    } else {
      log::warn("spool cursor unreadable: replaying the whole spool (duplicates are removed by the ingest)",
                {{"path", options_.path}});
    }
  }

  for (uint64_t number : numbers) {
    if (number < cursor_.segment) {  // delivered before the last stop
      ::unlink(segment_path(number).c_str());
      continue;
    }
    segments_.push_back({number, 0, 0});
  }
  for (size_t i = 0; i < segments_.size(); ++i) {
    if (Status s = scan(segments_[i], i + 1 == segments_.size()); !s) return s;
  }
  next_number_ = std::max(segments_.empty() ? 0 : segments_.back().number, cursor_.segment) + 1;
  // The tail first: a cursor at the end of the open tail stays there (new records follow it).
  if (!segments_.empty() && segments_.back().bytes < options_.segment_bytes) {
    if (Status s = open_tail(); !s) return s;
  }
  normalize(cursor_);
  delete_acknowledged();
  read_ = cursor_;
  const SpoolStats st = stats();
  if (st.pending > 0) {
    log::info("spool: replaying unsent batches", {{"records", st.pending}, {"bytes", st.disk_bytes}});
  }
  return Status::ok();
}

Status Spool::scan(Segment& segment, bool verify_crc) {
  const std::string path = segment_path(segment.number);
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (!fd.valid()) return Status::unavailable("cannot open spool segment " + path + ": " + errno_text());
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Status::unavailable("cannot stat " + path + ": " + errno_text());
  const auto size = static_cast<uint64_t>(st.st_size);
  const bool has_cursor = cursor_.segment == segment.number;
  bool cursor_placed = false;
  uint64_t offset = 0, records = 0;
  std::string body;
  while (offset + kRecordHeaderBytes <= size) {
    char header[kRecordHeaderBytes];
    uint32_t length = 0, crc = 0;
    if (!pread_all(fd.get(), header, sizeof header, offset) || !decode_header(header, &length, &crc)) break;
    if (offset + kRecordHeaderBytes + length > size) break;
    if (verify_crc) {
      body.resize(length);
      if (!pread_all(fd.get(), body.data(), length, offset + kRecordHeaderBytes)) break;
      if (!decode_body(body, crc)) break;
    }
    if (has_cursor && !cursor_placed && offset >= cursor_.offset) {
      cursor_ = {segment.number, offset, records};
      cursor_placed = true;
    }
    offset += kRecordHeaderBytes + length;
    ++records;
  }
  if (offset < size) {
    log::warn("spool: cut a torn or damaged record (the agent stopped while writing it)",
              {{"segment", path}, {"offset", offset}, {"bytes_cut", size - offset}});
    ++stats_.corrupt;
    if (::ftruncate(fd.get(), static_cast<off_t>(offset)) != 0) {
      return Status::unavailable("cannot truncate " + path + ": " + errno_text());
    }
  }
  if (has_cursor && !cursor_placed) cursor_ = {segment.number, offset, records};
  segment.bytes = offset;
  segment.records = records;
  return Status::ok();
}

}  // namespace pga::output
