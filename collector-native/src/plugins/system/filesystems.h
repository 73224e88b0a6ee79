#pragma once
// Filesystem usage via statvfs, off the collecting thread: statvfs on a hung network mount (NFS, CIFS)
// blocks in the kernel with no timeout, and must not stall the agent. Each round probes every mount in a
// short-lived thread and waits a bounded time; a probe that does not return is abandoned (its thread stays
// blocked), and no new probe starts until it returns, so at most one thread is ever stuck.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plugins/system/proc-parsers.h"

namespace pga::plugins::system {

struct FilesystemUsage {
  Mount mount;
  int64_t total_bytes = 0;
  int64_t used_bytes = 0;
  int64_t available_bytes = 0;
  std::optional<int64_t> inodes_total;  // null when the filesystem has no fixed inode count (f_files == 0)
  std::optional<int64_t> inodes_used;
};

// statvfs of each mount; mounts with zero blocks (pseudo filesystems) are left out.
std::vector<FilesystemUsage> probe_filesystems(const std::vector<Mount>& mounts);

class FilesystemProber {
 public:
  FilesystemProber();
  ~FilesystemProber();
  // nullopt when the probe did not finish within `timeout` or a previous one is still blocked.
  std::optional<std::vector<FilesystemUsage>> probe(std::vector<Mount> mounts, std::chrono::milliseconds timeout);

 private:
  struct Pending;
  std::shared_ptr<Pending> stuck_;
};

}  // namespace pga::plugins::system
