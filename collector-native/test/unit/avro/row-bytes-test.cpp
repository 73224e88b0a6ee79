#include <gtest/gtest.h>

#include <string>

#include "avro/row-bytes.h"

namespace pga::avro {
namespace {

// Appends `row` as one row and writes it in place, as the batch does.
void put(RowBytes& bytes, const std::string& row) {
  char* at = bytes.append(row.size());
  row.copy(at, row.size());
}

std::string all(const RowBytes& bytes) {
  std::string out;
  bytes.copy_to(out, 0, bytes.size());
  return out;
}

TEST(RowBytes, RowsSpanningManyChunksReadBackAsOneString) {
  RowBytes bytes;
  std::string expected;
  for (int i = 0; i < 5000; ++i) {  // ~ 1 MB in rows of 100-300 bytes
    const std::string row(100 + static_cast<size_t>(i % 200), static_cast<char>('a' + i % 26));
    put(bytes, row);
    expected += row;
  }
  EXPECT_EQ(bytes.size(), expected.size());
  EXPECT_EQ(all(bytes), expected);
  // any range, including ones that start and end inside chunks and cross several chunk boundaries
  for (size_t from : {size_t{0}, size_t{1}, RowBytes::kChunkBytes - 7, RowBytes::kChunkBytes, size_t{300000}}) {
    for (size_t len : {size_t{0}, size_t{1}, size_t{250}, RowBytes::kChunkBytes + 5, 3 * RowBytes::kChunkBytes}) {
      std::string part;
      bytes.copy_to(part, from, from + len);
      EXPECT_EQ(part, expected.substr(from, len)) << from << " + " << len;
    }
  }
}

TEST(RowBytes, ARowNeverStraddlesTwoChunksAndALargeRowGetsItsOwn) {
  RowBytes bytes;
  const std::string small(RowBytes::kChunkBytes - 10, 's');
  const std::string next(20, 'n');  // does not fit the 10 bytes left: starts a new chunk, contiguous
  const std::string big(3 * RowBytes::kChunkBytes, 'b');
  put(bytes, small);
  put(bytes, next);
  put(bytes, big);
  EXPECT_EQ(all(bytes), small + next + big);
}

TEST(RowBytes, PopTakesBackTheLastRow) {
  RowBytes bytes;
  put(bytes, "first");
  put(bytes, std::string(RowBytes::kChunkBytes, 'x'));  // a chunk of its own, dropped by the pop
  bytes.pop(RowBytes::kChunkBytes);
  EXPECT_EQ(bytes.size(), 5u);
  put(bytes, "second");
  EXPECT_EQ(all(bytes), "firstsecond");
}

}  // namespace
}  // namespace pga::avro
