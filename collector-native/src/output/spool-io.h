#pragma once
// File helpers shared by the spool's files (spool.cpp, spool-recovery.cpp): whole reads and writes that
// survive EINTR and short transfers, the segment file names and the cursor file's format.
#include <cstdint>
#include <string>

namespace pga::output::spool_io {

inline constexpr const char* kCursorFile = "cursor";
inline constexpr const char* kCursorMagic = "pga-spool-cursor";  // "<magic> 1 <segment> <offset> <index>\n"

std::string errno_text();
bool pread_all(int fd, char* buf, size_t n, uint64_t offset);
bool write_all(int fd, const char* p, size_t n);
// "<16 lowercase hex digits>.seg" ↔ segment number.
std::string segment_name(uint64_t number);
bool parse_segment_name(const std::string& name, uint64_t* number);

}  // namespace pga::output::spool_io
