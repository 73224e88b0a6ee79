#pragma once
// Encoded rows back to back, in chunks: a batch's rows grow without ever copying what is there and without
// the slack of a doubling buffer (a 1 MB batch in one string held up to 2 MB, and 3 MB while it grew).
// A row never straddles two chunks, so it can be encoded in place; offsets are logical, as if the rows were
// one contiguous string.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace pga::avro {

class RowBytes {
 public:
  static constexpr size_t kChunkBytes = 64 * 1024;

  // Room for one row of `size` bytes, contiguous; the logical size grows by `size`.
  char* append(size_t size);
  // Takes back the last `size` bytes appended (a row that failed to encode).
  void pop(size_t size);
  size_t size() const { return size_; }
  // Appends the bytes of the logical range [from, to) to `out`.
  void copy_to(std::string& out, size_t from, size_t to) const;

 private:
  struct Chunk {
    std::unique_ptr<char[]> data;
    size_t capacity = 0;
    size_t used = 0;
    size_t start = 0;  // logical offset of data[0]
  };
  std::vector<Chunk> chunks_;
  size_t size_ = 0;
};

}  // namespace pga::avro
