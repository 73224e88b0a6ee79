#pragma once
// Small file helpers for the agent's state directory: state (collector token, last known good configuration)
// is written atomically — a temporary file in the same directory, fsync, rename — so a crash or a full disk
// never leaves a half-written file that the next start would trust.
#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace pga::files {

// Creates `path` and its missing parents (mode applies to the directories created).
Status ensure_directory(const std::string& path, mode_t mode = 0700);

// Replaces `path` with `content` atomically, with permissions `mode` from the first byte on.
Status write_atomic(const std::string& path, std::string_view content, mode_t mode = 0600);

// The whole file, refused beyond `max_bytes` (a state or secret file is small; a huge one is a mistake).
// kNotFound when it does not exist.
Expected<std::string> read_all(const std::string& path, size_t max_bytes = 16u << 20);

// A secret kept in a file (password, token): its content without the trailing newline.
Expected<std::string> read_secret(const std::string& path);

bool exists(const std::string& path);

// "dir/name" without doubling the slash.
std::string join(const std::string& dir, std::string_view name);

}  // namespace pga::files

namespace pga::files {

// An exclusive flock() on <dir>/pga-agent.lock held for the life of the object: two agents sharing a state
// directory would interleave their spool and state files. The kernel drops the lock when the process dies.
class DirectoryLock {
 public:
  // kUnavailable, naming the holder's pid, when another process holds it.
  static Expected<std::unique_ptr<DirectoryLock>> acquire(const std::string& dir);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  explicit DirectoryLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace pga::files
