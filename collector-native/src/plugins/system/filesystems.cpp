#include "plugins/system/filesystems.h"

#include <sys/statvfs.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace pga::plugins::system {

std::vector<FilesystemUsage> probe_filesystems(const std::vector<Mount>& mounts) {
  std::vector<FilesystemUsage> out;
  for (const auto& m : mounts) {
    struct statvfs vfs {};
    if (::statvfs(m.mountpoint.c_str(), &vfs) != 0) continue;  // gone, or not ours to read
    if (vfs.f_blocks == 0) continue;                            // pseudo filesystem
    const auto frsize = static_cast<int64_t>(vfs.f_frsize ? vfs.f_frsize : vfs.f_bsize);
    FilesystemUsage u;
    u.mount = m;
    u.total_bytes = static_cast<int64_t>(vfs.f_blocks) * frsize;
    u.used_bytes = static_cast<int64_t>(vfs.f_blocks - vfs.f_bfree) * frsize;
    u.available_bytes = static_cast<int64_t>(vfs.f_bavail) * frsize;
    if (vfs.f_files > 0) {
      u.inodes_total = static_cast<int64_t>(vfs.f_files);
      u.inodes_used = static_cast<int64_t>(vfs.f_files - vfs.f_ffree);
    }
    out.push_back(std::move(u));
  }
  return out;
}

struct FilesystemProber::Pending {
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  std::vector<FilesystemUsage> result;
};

FilesystemProber::FilesystemProber() = default;
FilesystemProber::~FilesystemProber() = default;  // a stuck thread owns its Pending through a shared_ptr

std::optional<std::vector<FilesystemUsage>> FilesystemProber::probe(std::vector<Mount> mounts,
                                                                     std::chrono::milliseconds timeout) {
  if (stuck_) {
    std::lock_guard<std::mutex> lock(stuck_->mutex);
    if (!stuck_->done) return std::nullopt;
  }
  stuck_.reset();
  auto pending = std::make_shared<Pending>();
  std::thread([pending, mounts = std::move(mounts)] {
    auto result = probe_filesystems(mounts);
    std::lock_guard<std::mutex> lock(pending->mutex);
    pending->result = std::move(result);
    pending->done = true;
    pending->done_cv.notify_all();
  }).detach();
  std::unique_lock<std::mutex> lock(pending->mutex);
  if (!pending->done_cv.wait_for(lock, timeout, [&] { return pending->done; })) {
    stuck_ = pending;
    return std::nullopt;
  }
  return std::move(pending->result);
}

}  // namespace pga::plugins::system
