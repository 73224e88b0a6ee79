#include <gtest/gtest.h>

#include "output/crc32.h"

namespace pga::output {
namespace {

TEST(Crc32, IsTheIeeeCrcAndChains) {
  EXPECT_EQ(crc32(""), 0u);
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);  // the standard check value of CRC-32/ISO-HDLC
  EXPECT_EQ(crc32("56789", crc32("1234")), 0xCBF43926u);
}

}  // namespace
}  // namespace pga::output
