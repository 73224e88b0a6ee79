#pragma once
// File-system helpers of the follower: an owned file descriptor, the listing of the files a glob matches
// (with their identity and size), and the fingerprint of a file's first bytes that tells a copied or
// truncated-and-rewritten file from the one the follower knew.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace pga::plugins::logs {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset();

 private:
  int fd_ = -1;
};

struct FileInfo {
  std::string path;
  uint64_t dev = 0;
  uint64_t ino = 0;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

// Regular files matching the absolute glob `pattern`, the `max_files` most recently modified. The Status
// says what is wrong with the directory (missing, not readable by the agent's user).
Expected<std::vector<FileInfo>> list_files(const std::string& pattern, size_t max_files);

// FNV-1a 64 of the first `len` bytes of the file (nullopt when it is shorter or unreadable).
std::optional<uint64_t> prefix_hash(int fd, uint64_t len);
std::optional<uint64_t> prefix_hash(const std::string& path, uint64_t len);
uint64_t fnv1a64(const char* data, size_t len, uint64_t seed = 14695981039346656037ull);

}  // namespace pga::plugins::logs
