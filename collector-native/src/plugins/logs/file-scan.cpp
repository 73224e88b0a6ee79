#include "plugins/logs/file-scan.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

namespace pga::plugins::logs {
namespace {

struct GlobDeleter {
  void operator()(glob_t* g) const {
    globfree(g);
    delete g;
  }
};

std::string parent_dir(const std::string& pattern) {
  const size_t slash = pattern.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : pattern.substr(0, slash);
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = other.release();
  }
  return *this;
}

void UniqueFd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

uint64_t fnv1a64(const char* data, size_t len, uint64_t seed) {
  uint64_t h = seed;
  for (size_t i = 0; i < len; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 1099511628211ull;
  }
  return h;
}

std::optional<uint64_t> prefix_hash(int fd, uint64_t len) {
  std::array<char, 4096> buf{};
  if (len > buf.size()) return std::nullopt;
  size_t got = 0;
  while (got < len) {
    const ssize_t n = ::pread(fd, buf.data() + got, len - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    got += static_cast<size_t>(n);
  }
  return fnv1a64(buf.data(), got);
}

std::optional<uint64_t> prefix_hash(const std::string& path, uint64_t len) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return std::nullopt;
  return prefix_hash(fd.get(), len);
}

Expected<std::vector<FileInfo>> list_files(const std::string& pattern, size_t max_files) {
  const std::string dir = parent_dir(pattern);
  struct stat dst {};
  if (::stat(dir.c_str(), &dst) != 0) {
    if (errno == EACCES)
      return Status::error(StatusCode::kPermissionDenied,
                           "logs: cannot reach " + dir + " (permission denied): the agent's user needs access to "
                           "the log directory (e.g. add it to the postgres group, log_file_mode = 0640)");
    return Status::not_found("logs: directory " + dir + " does not exist (" + std::strerror(errno) +
                             "): set plugins.logs.path to where PostgreSQL writes its logs");
  }
  if (::access(dir.c_str(), R_OK | X_OK) != 0)
    return Status::error(StatusCode::kPermissionDenied,
                         "logs: cannot list " + dir + " (permission denied): the agent's user needs read access to "
                         "the log directory (e.g. add it to the postgres group, log_file_mode = 0640)");
  std::unique_ptr<glob_t, GlobDeleter> g(new glob_t{});
  const int rc = ::glob(pattern.c_str(), GLOB_NOSORT, nullptr, g.get());
  std::vector<FileInfo> files;
  if (rc == GLOB_NOMATCH) return files;
  if (rc != 0) return Status::unavailable("logs: cannot list " + pattern);
  for (size_t i = 0; i < g->gl_pathc; ++i) {
    struct stat st {};
    if (::stat(g->gl_pathv[i], &st) != 0 || !S_ISREG(st.st_mode)) continue;
    FileInfo f;
    f.path = g->gl_pathv[i];
    f.dev = static_cast<uint64_t>(st.st_dev);
    f.ino = static_cast<uint64_t>(st.st_ino);
    f.size = static_cast<uint64_t>(st.st_size);
    f.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    files.push_back(std::move(f));
  }
  if (files.size() > max_files) {  // a directory nobody cleans: the newest files matter
    std::partial_sort(files.begin(), files.begin() + static_cast<std::ptrdiff_t>(max_files), files.end(),
                      [](const FileInfo& a, const FileInfo& b) { return a.mtime_ns > b.mtime_ns; });
    files.resize(max_files);
  }
  return files;
}

}  // namespace pga::plugins::logs
