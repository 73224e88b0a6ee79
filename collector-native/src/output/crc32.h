#pragma once
// CRC-32 (IEEE 802.3, the zlib/PNG polynomial) of the spool's records: detects a record torn by a crash
// or damaged on disk before it is sent.
#include <cstdint>
#include <string_view>

namespace pga::output {

uint32_t crc32(std::string_view bytes, uint32_t crc = 0);

}  // namespace pga::output
