#include "avro/row-bytes.h"

#include <algorithm>
#include <cstring>

namespace pga::avro {

char* RowBytes::append(size_t size) {
  if (chunks_.empty() || chunks_.back().capacity - chunks_.back().used < size) {
    Chunk chunk;
    chunk.capacity = std::max(kChunkBytes, size);
    chunk.data.reset(new char[chunk.capacity]);
    chunk.start = size_;
    chunks_.push_back(std::move(chunk));
  }
  Chunk& last = chunks_.back();
  char* at = last.data.get() + last.used;
  last.used += size;
  size_ += size;
  return at;
}

void RowBytes::pop(size_t size) {
  Chunk& last = chunks_.back();  // the row was appended to the last chunk, whole
  last.used -= size;
  size_ -= size;
  if (last.used == 0) chunks_.pop_back();
}

void RowBytes::copy_to(std::string& out, size_t from, size_t to) const {
  // The first chunk that holds `from`: chunks are in logical order.
  auto it = std::upper_bound(chunks_.begin(), chunks_.end(), from,
                             [](size_t offset, const Chunk& c) { return offset < c.start; });
  if (it != chunks_.begin()) --it;
  for (; it != chunks_.end() && from < to; ++it) {
    const size_t end = it->start + it->used;
    if (from >= end) continue;
    const size_t n = std::min(to, end) - from;
    out.append(it->data.get() + (from - it->start), n);
    from += n;
  }
}

}  // namespace pga::avro
