#include "plugins/logs/record-reader.h"

#include <cstring>

namespace pga::plugins::logs {

void RecordReader::reset() {
  buf_.clear();
  meta_ = RecordMeta{};
  started_ = false;
  in_quotes_ = false;
}

void RecordReader::append(std::string_view bytes) {
  if (buf_.size() >= max_) {
    if (!bytes.empty()) meta_.cut = true;
    return;
  }
  const size_t room = max_ - buf_.size();
  if (bytes.size() > room) {
    meta_.cut = true;
    bytes = bytes.substr(0, room);
  }
  buf_.append(bytes.data(), bytes.size());
}

bool RecordReader::emit(const Callback& cb, uint64_t end) {
  std::string_view rec(buf_);
  if (!rec.empty() && rec.back() == '\r') rec.remove_suffix(1);
  meta_.end = end;
  bool go_on = true;
  if (!rec.empty() || meta_.lines > 1) go_on = cb(rec, meta_);
  buf_.clear();
  meta_ = RecordMeta{};
  started_ = false;
  in_quotes_ = false;
  return go_on;
}

size_t RecordReader::feed(std::string_view data, uint64_t offset, const Callback& cb) {
  next_ = offset;
  size_t i = 0;
  while (i < data.size()) {
    if (!started_) {
      started_ = true;
      meta_.offset = offset + i;
    }
    size_t stop = data.size();  // index of the newline that ends the record, if any in this chunk
    if (mode_ == Mode::kLines) {
      const void* nl = std::memchr(data.data() + i, '\n', data.size() - i);
      if (nl) stop = static_cast<size_t>(static_cast<const char*>(nl) - data.data());
    } else {
      // a newline ends a CSV record only outside quotes; "" inside quotes toggles twice, which is harmless
      for (size_t k = i; k < data.size(); ++k) {
        if (data[k] == '"') {
          in_quotes_ = !in_quotes_;
        } else if (data[k] == '\n') {
          if (!in_quotes_) {
            stop = k;
            break;
          }
          ++meta_.lines;
        }
      }
    }
    append(data.substr(i, stop - i));
    if (stop == data.size()) {
      next_ = offset + data.size();
      return data.size();
    }
    i = stop + 1;
    next_ = offset + i;
    if (!emit(cb, offset + i)) return i;
  }
  return data.size();
}

void RecordReader::finish(const Callback& cb) {
  if (started_) emit(cb, next_);
}

}  // namespace pga::plugins::logs
