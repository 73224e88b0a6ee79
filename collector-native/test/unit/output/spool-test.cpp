#include "output/spool.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "core/log.h"
#include "output/spool-record.h"
#include "temp-dir.h"

namespace pga::output {
namespace {

using test_support::TempDir;
namespace fs = std::filesystem;

std::unique_ptr<Spool> open_spool(const std::string& path, int64_t max_bytes = 1 << 20, bool drop_oldest = true,
                                  uint64_t segment_bytes = 0) {
  SpoolOptions options;
  options.path = path;
  options.max_bytes = max_bytes;
  options.drop_oldest = drop_oldest;
  options.segment_bytes = segment_bytes;
  auto spool = Spool::open(options);
  if (!spool) ADD_FAILURE() << spool.status().to_string();
  return spool ? std::move(*spool) : nullptr;
}

std::vector<SpoolRecord> read_all(Spool& spool) {
  std::vector<SpoolRecord> out;
  SpoolRecord record;
  for (;;) {
    auto got = spool.read(&record);
    EXPECT_TRUE(got.has_value()) << got.status().to_string();
    if (!got || !*got) return out;
    out.push_back(record);
  }
}

std::vector<std::string> payloads(const std::vector<SpoolRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.payload);
  return out;
}

std::vector<fs::path> segment_files(const std::string& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".seg") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class SpoolTest : public ::testing::Test {
 protected:
  void SetUp() override { log::set_level(log::Level::kError); }
  void TearDown() override { log::set_level(log::Level::kInfo); }
  TempDir dir_;
};

TEST_F(SpoolTest, AppendsReadsInOrderAndAcknowledges) {
  auto spool = open_spool(dir_.path());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(spool->append("pga.logs.v1", "srv", "payload-" + std::to_string(i)));
  EXPECT_EQ(spool->stats().pending, 3u);
  auto records = read_all(*spool);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].topic, "pga.logs.v1");
  EXPECT_EQ(records[0].key, "srv");
  EXPECT_EQ(payloads(records), (std::vector<std::string>{"payload-0", "payload-1", "payload-2"}));
  EXPECT_FALSE(spool->has_unread());
  spool->acknowledge(records[2].next);
  EXPECT_EQ(spool->stats().pending, 0u);
  ASSERT_TRUE(spool->sync());
  spool.reset();
  auto again = open_spool(dir_.path());
  EXPECT_TRUE(read_all(*again).empty());
  EXPECT_EQ(again->stats().pending, 0u);
}

TEST_F(SpoolTest, ReplaysFromTheCursorAfterARestart) {
  auto spool = open_spool(dir_.path());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(spool->append("t", "k", "p" + std::to_string(i)));
  auto records = read_all(*spool);
  spool->acknowledge(records[1].next);
  ASSERT_TRUE(spool->sync());
  spool.reset();

  auto again = open_spool(dir_.path());
  EXPECT_EQ(again->stats().pending, 3u);
  EXPECT_EQ(payloads(read_all(*again)), (std::vector<std::string>{"p2", "p3", "p4"}));
  ASSERT_TRUE(again->append("t", "k", "p5"));  // appends continue after the replayed records
  EXPECT_EQ(payloads(read_all(*again)), (std::vector<std::string>{"p5"}));
}

TEST_F(SpoolTest, RewindResendsEverythingUnacknowledged) {
  auto spool = open_spool(dir_.path());
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(spool->append("t", "k", "p" + std::to_string(i)));
  auto first = read_all(*spool);
  spool->acknowledge(first[0].next);
  spool->acknowledge(first[0].at);  // never backwards
  spool->rewind();
  EXPECT_EQ(payloads(read_all(*spool)), (std::vector<std::string>{"p1", "p2", "p3"}));
}

TEST_F(SpoolTest, RotatesSegmentsAndDeletesAcknowledgedOnes) {
  auto spool = open_spool(dir_.path(), 1 << 20, true, 1024);
  const std::string payload(300, 'x');
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(spool->append("t", "k", payload + std::to_string(i)));
  EXPECT_GE(segment_files(dir_.path()).size(), 6u);
  auto records = read_all(*spool);
  ASSERT_EQ(records.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(records[static_cast<size_t>(i)].payload, payload + std::to_string(i));
  spool->acknowledge(records[9].next);
  const size_t left = segment_files(dir_.path()).size();
  EXPECT_LT(left, 6u);
  spool->acknowledge(records[19].next);
  EXPECT_LE(segment_files(dir_.path()).size(), 1u);
  ASSERT_TRUE(spool->sync());
  spool.reset();
  auto again = open_spool(dir_.path(), 1 << 20, true, 1024);
  EXPECT_TRUE(read_all(*again).empty());
}

TEST_F(SpoolTest, CutsATornRecordLeftByACrash) {
  auto spool = open_spool(dir_.path());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(spool->append("t", "k", "p" + std::to_string(i)));
  spool.reset();
  const auto segment = segment_files(dir_.path()).back();
  const auto whole = fs::file_size(segment);
  {
    const std::string record = encode_record("t", "k", "a record the crash cut short");
    std::ofstream out(segment, std::ios::binary | std::ios::app);
    out.write(record.data(), static_cast<std::streamsize>(record.size() - 5));
  }
  auto again = open_spool(dir_.path());
  EXPECT_EQ(fs::file_size(segment), whole);
  EXPECT_EQ(again->stats().corrupt, 1u);
  ASSERT_TRUE(again->append("t", "k", "p3"));
  EXPECT_EQ(payloads(read_all(*again)), (std::vector<std::string>{"p0", "p1", "p2", "p3"}));
}

TEST_F(SpoolTest, CutsARecordWithABadCrc) {
  auto spool = open_spool(dir_.path());
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(spool->append("t", "k", "p" + std::to_string(i)));
  spool.reset();
  const auto segment = segment_files(dir_.path()).back();
  {
    std::string record = encode_record("t", "k", "garbled");
    record[record.size() - 1] ^= 0x55;
    std::ofstream out(segment, std::ios::binary | std::ios::app);
    out.write(record.data(), static_cast<std::streamsize>(record.size()));
  }
  auto again = open_spool(dir_.path());
  EXPECT_EQ(again->stats().corrupt, 1u);
  EXPECT_EQ(payloads(read_all(*again)), (std::vector<std::string>{"p0", "p1"}));
}

TEST_F(SpoolTest, DropOldestKeepsTheCapAndTheNewestRecords) {
  const int64_t cap = 8 * 1024;
  auto spool = open_spool(dir_.path(), cap, true, 1024);
  const std::string payload(200, 'y');
  const int n = 200;
  for (int i = 0; i < n; ++i) ASSERT_TRUE(spool->append("t", "k", payload + std::to_string(i)));
  const SpoolStats st = spool->stats();
  EXPECT_LE(st.disk_bytes, static_cast<uint64_t>(cap));
  EXPECT_GT(st.dropped_oldest, 0u);
  auto records = read_all(*spool);
  EXPECT_EQ(records.size() + st.dropped_oldest, static_cast<size_t>(n));
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back().payload, payload + std::to_string(n - 1));
  for (size_t i = 1; i < records.size(); ++i) {  // consecutive: only the oldest went
    EXPECT_EQ(std::stoi(records[i].payload.substr(200)), std::stoi(records[i - 1].payload.substr(200)) + 1);
  }
}

TEST_F(SpoolTest, DropOldestWhileRecordsAreInFlight) {
  auto spool = open_spool(dir_.path(), 4096, true, 1024);
  const std::string payload(300, 'z');
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(spool->append("t", "k", payload));
  SpoolRecord first;
  ASSERT_TRUE(*spool->read(&first));
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(spool->append("t", "k", payload));  // deletes first's segment
  EXPECT_GT(spool->stats().dropped_oldest, 0u);
  const SpoolPosition before = spool->cursor();
  spool->acknowledge(first.next);  // late acknowledgement of a deleted record: ignored
  EXPECT_FALSE(spool->cursor() < before);
  EXPECT_FALSE(read_all(*spool).empty());
}

TEST_F(SpoolTest, DropNewestRefusesAndCounts) {
  auto spool = open_spool(dir_.path(), 4096, false, 1024);
  const std::string payload(300, 'w');
  int accepted = 0;
  for (int i = 0; i < 40; ++i) {
    const Status s = spool->append("t", "k", payload + std::to_string(i));
    if (s) {
      ++accepted;
    } else {
      EXPECT_EQ(s.code(), StatusCode::kUnavailable);
    }
  }
  const SpoolStats st = spool->stats();
  EXPECT_EQ(st.dropped_newest, static_cast<uint64_t>(40 - accepted));
  EXPECT_GT(st.dropped_newest, 0u);
  EXPECT_EQ(st.dropped_oldest, 0u);
  auto records = read_all(*spool);
  ASSERT_EQ(records.size(), static_cast<size_t>(accepted));
  EXPECT_EQ(records.front().payload, payload + "0");  // the oldest are kept
}

TEST_F(SpoolTest, RefusesARecordLargerThanTheCap) {
  auto spool = open_spool(dir_.path(), 4096);
  const Status s = spool->append("t", "k", std::string(5000, 'l'));
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(spool->stats().dropped_newest, 1u);
}

}  // namespace
}  // namespace pga::output
