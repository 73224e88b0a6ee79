#include "output/spool-io.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace pga::output::spool_io {

std::string errno_text() { return std::strerror(errno); }

bool pread_all(int fd, char* buf, size_t n, uint64_t offset) {
  size_t done = 0;
  while (done < n) {
    const ssize_t r = ::pread(fd, buf + done, n - done, static_cast<off_t>(offset + done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    done += static_cast<size_t>(r);
  }
  return true;
}

bool write_all(int fd, const char* p, size_t n) {
  size_t done = 0;
  while (done < n) {
    const ssize_t w = ::write(fd, p + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return false;
    done += static_cast<size_t>(w);
  }
  return true;
}

std::string segment_name(uint64_t number) {
  char name[32];
  std::snprintf(name, sizeof name, "%016" PRIx64 ".seg", number);
  return name;
}

bool parse_segment_name(const std::string& name, uint64_t* number) {
  if (name.size() != 20 || name.compare(16, 4, ".seg") != 0) return false;
  for (size_t i = 0; i < 16; ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(name[i]))) return false;
  }
  *number = std::stoull(name.substr(0, 16), nullptr, 16);
  return true;
}

}  // namespace pga::output::spool_io
