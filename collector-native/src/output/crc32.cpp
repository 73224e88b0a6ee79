#include "output/crc32.h"

#include <zlib.h>

namespace pga::output {

// zlib's CRC-32 is this polynomial, computed several bytes at a time (a byte-wise table was 4 % of the agent's
// CPU: every spooled record is checksummed when written and when read back).
uint32_t crc32(std::string_view bytes, uint32_t crc) {
  return static_cast<uint32_t>(
      crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<z_size_t>(bytes.size())));
}

}  // namespace pga::output
