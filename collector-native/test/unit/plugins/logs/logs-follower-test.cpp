// The file follower in a temporary directory: start positions, PostgreSQL's rotation, logrotate's rename
// and copytruncate, truncation in place, partial lines, pacing, the backlog guard and saved offsets.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "logs-test-util.h"
#include "plugins/logs/csvlog-parser.h"
#include "plugins/logs/file-follower.h"
#include "plugins/logs/jsonlog-parser.h"
#include "plugins/logs/offset-store.h"

namespace pga::plugins::logs {
namespace {

namespace fs = std::filesystem;

class LogsFollower : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pga-logs-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  // One jsonlog line per event, long enough (> 64 bytes) to be fingerprinted.
  static std::string line(int n) {
    return R"({"timestamp":"2024-05-01 10:00:00.000 UTC","pid":4242,"error_severity":"LOG","message":"event )" +
           std::to_string(n) + R"("})" + "\n";
  }
  void write(const std::string& name, const std::string& text, bool append = true) const {
    std::ofstream out(path(name), append ? std::ios::app : std::ios::trunc);
    out << text;
  }
  void set_mtime(const std::string& name, long sec) const {
    const struct timespec times[2] = {{sec, 0}, {sec, 0}};
    ::utimensat(AT_FDCWD, path(name).c_str(), times, 0);
  }
  std::unique_ptr<FileFollower> follower(const std::string& glob, bool start_at_end = false) {
    FollowerOptions o;
    o.glob = dir_ + "/" + glob;
    o.start_at_end = start_at_end;
    return std::make_unique<FileFollower>(o, [this] { return std::make_unique<JsonlogParser>(&parse_); });
  }
  // Messages read by one poll.
  std::vector<std::string> poll(FileFollower& f, size_t max_events = 1000, PollStats* stats = nullptr) {
    test::CollectingSink sink;
    sink.max_events = max_events;
    auto st = f.poll(sink);
    EXPECT_TRUE(st) << st.status().to_string();
    if (st && stats) *stats = *st;
    std::vector<std::string> out;
    for (const auto& e : sink.events) out.push_back(e.message);
    return out;
  }
  using V = std::vector<std::string>;

  std::string dir_;
  ZoneTable zones_;
  ParseOptions parse_{&zones_, 65536};
};

TEST_F(LogsFollower, StartAtEndSkipsWhatIsThereAndReadsWhatComes) {
  write("a.json", line(1) + line(2));
  auto f = follower("*.json", true);
  EXPECT_EQ(poll(*f), V{});
  write("a.json", line(3));
  EXPECT_EQ(poll(*f), V({"event 3"}));
  EXPECT_EQ(poll(*f), V{});
}

TEST_F(LogsFollower, StartAtBeginningReadsOlderFilesFirst) {
  write("b.json", line(3));
  write("a.json", line(1) + line(2));
  set_mtime("a.json", 1000);
  set_mtime("b.json", 2000);
  auto f = follower("*.json");
  EXPECT_EQ(poll(*f), V({"event 1", "event 2", "event 3"}));
}

TEST_F(LogsFollower, PostgresRotationFinishesTheOldFileThenReadsTheNewOne) {
  write("postgresql-1.json", line(1));
  set_mtime("postgresql-1.json", 1000);
  auto f = follower("postgresql-*.json");
  EXPECT_EQ(poll(*f), V({"event 1"}));
  write("postgresql-1.json", line(2));
  set_mtime("postgresql-1.json", 1001);
  write("postgresql-2.json", line(3) + line(4));
  set_mtime("postgresql-2.json", 1002);
  EXPECT_EQ(poll(*f), V({"event 2", "event 3", "event 4"}));
}

TEST_F(LogsFollower, RenamedOutOfTheGlobIsDrainedThroughItsDescriptor) {
  write("pg.json", line(1));
  auto f = follower("*.json");
  EXPECT_EQ(poll(*f), V({"event 1"}));
  write("pg.json", line(2));                               // written before logrotate's rename
  fs::rename(path("pg.json"), path("pg.json.1"));          // no longer matches *.json
  write("pg.json", line(3));                               // the new file
  EXPECT_EQ(poll(*f), V({"event 2", "event 3"}));
  EXPECT_EQ(poll(*f), V{});
}

TEST_F(LogsFollower, RenamedWithinTheGlobKeepsItsOffset) {
  write("pg.json", line(1));
  auto f = follower("pg*.json");
  EXPECT_EQ(poll(*f), V({"event 1"}));
  write("pg.json", line(2));
  fs::rename(path("pg.json"), path("pg-old.json"));
  write("pg.json", line(3));
  set_mtime("pg-old.json", 1000);
  const auto got = poll(*f);
  EXPECT_EQ(got, V({"event 2", "event 3"}));
}

TEST_F(LogsFollower, CopytruncateReadsTheTailFromTheCopyAndNothingTwice) {
  write("pg.log.json", line(1) + line(2));
  auto f = follower("pg.log.json*");
  EXPECT_EQ(poll(*f), V({"event 1", "event 2"}));
  write("pg.log.json", line(3));  // not read yet when logrotate copies and truncates
  fs::copy_file(path("pg.log.json"), path("pg.log.json.1"));
  write("pg.log.json", "", false);
  write("pg.log.json", line(4));
  PollStats stats;
  EXPECT_EQ(poll(*f, 1000, &stats), V({"event 3", "event 4"}));
  EXPECT_EQ(stats.truncations, 1u);
  EXPECT_EQ(poll(*f), V{});
}

TEST_F(LogsFollower, CopySeenBeforeTheTruncationIsSkipped) {
  write("pg.log.json", line(1));
  auto f = follower("pg.log.json*");
  EXPECT_EQ(poll(*f), V({"event 1"}));
  write("pg.log.json", line(2));
  fs::copy_file(path("pg.log.json"), path("pg.log.json.1"));
  PollStats stats;
  EXPECT_EQ(poll(*f, 1000, &stats), V({"event 2"}));  // from the original, not again from the copy
  EXPECT_EQ(stats.copies_skipped, 1u);
  write("pg.log.json", "", false);
  write("pg.log.json", line(3));
  EXPECT_EQ(poll(*f), V({"event 3"}));
}

TEST_F(LogsFollower, TruncatedInPlaceIsReadAgainFromTheStart) {
  write("pg.json", line(1) + line(2));
  auto f = follower("*.json");
  EXPECT_EQ(poll(*f), V({"event 1", "event 2"}));
  write("pg.json", line(7), false);  // log_truncate_on_rotation reusing the name: shorter than the offset
  EXPECT_EQ(poll(*f), V({"event 7"}));
  write("pg.json", line(8) + line(9) + line(10), false);  // rewritten and already longer: first bytes differ
  EXPECT_EQ(poll(*f), V({"event 8", "event 9", "event 10"}));
}

TEST_F(LogsFollower, PartialLastLineWaitsForItsNewline) {
  const std::string l = line(1);
  write("pg.json", l.substr(0, 30));
  auto f = follower("*.json");
  EXPECT_EQ(poll(*f), V{});
  write("pg.json", l.substr(30));
  EXPECT_EQ(poll(*f), V({"event 1"}));
}

TEST_F(LogsFollower, FullSinkStopsReadingAndTheNextPollResumes) {
  std::string text;
  for (int i = 1; i <= 5; ++i) text += line(i);
  write("pg.json", text);
  auto f = follower("*.json");
  PollStats stats;
  EXPECT_EQ(poll(*f, 2, &stats), V({"event 1", "event 2"}));
  EXPECT_TRUE(stats.sink_full);
  EXPECT_EQ(poll(*f, 2), V({"event 3", "event 4"}));
  EXPECT_EQ(poll(*f, 2), V({"event 5"}));
}

TEST_F(LogsFollower, ByteBudgetPacesLargeBacklogsWithoutLoss) {
  std::string text;
  for (int i = 1; i <= 20; ++i) text += line(i);
  write("pg.json", text);
  FollowerOptions o;
  o.glob = dir_ + "/*.json";
  o.start_at_end = false;
  o.max_bytes_per_poll = 300;
  o.read_chunk_bytes = 128;
  FileFollower f(o, [this] { return std::make_unique<JsonlogParser>(&parse_); });
  std::vector<std::string> all;
  for (int i = 0; i < 20 && all.size() < 20; ++i) {
    const auto got = poll(f);
    all.insert(all.end(), got.begin(), got.end());
  }
  ASSERT_EQ(all.size(), 20u);
  EXPECT_EQ(all.front(), "event 1");
  EXPECT_EQ(all.back(), "event 20");
}

TEST_F(LogsFollower, BacklogGuardSkipsToTheEndAndCounts) {
  std::string text;
  for (int i = 1; i <= 20; ++i) text += line(i);
  write("pg.json", text);
  FollowerOptions o;
  o.glob = dir_ + "/*.json";
  o.start_at_end = false;
  o.max_bytes_per_poll = 200;
  o.max_backlog_bytes = 500;
  FileFollower f(o, [this] { return std::make_unique<JsonlogParser>(&parse_); });
  PollStats stats;
  const auto first = poll(f, 1000, &stats);
  EXPECT_FALSE(first.empty());
  EXPECT_GT(stats.skipped_bytes, 500u);
  write("pg.json", line(21));
  EXPECT_EQ(poll(f), V({"event 21"}));
}

TEST_F(LogsFollower, SavedOffsetsContinueAfterARestart) {
  write("a.json", line(1) + line(2));
  set_mtime("a.json", 1000);
  auto f = follower("*.json", true);
  poll(*f);
  write("a.json", line(3));
  EXPECT_EQ(poll(*f), V({"event 3"}));
  const std::string state_file = path("state.bin");
  ASSERT_TRUE(save_offsets(state_file, f->state()));
  f.reset();  // the agent stops; meanwhile the server writes and rotates
  write("a.json", line(4));
  set_mtime("a.json", 1001);
  write("b.json", line(5));
  auto loaded = load_offsets(state_file);
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->size(), 1u);
  auto g = follower("*.json", true);
  g->restore(*loaded);
  EXPECT_EQ(poll(*g), V({"event 4", "event 5"}));
  EXPECT_TRUE(load_offsets(path("missing.bin")));
  write("corrupt.bin", "{not json");
  EXPECT_FALSE(load_offsets(path("corrupt.bin")));
}

TEST_F(LogsFollower, CommittedOffsetStopsBeforeAnIncompleteCsvRecord) {
  const std::string rec1 = "2024-05-01 10:00:00.000 UTC,,,1,,s.1,1,,2024-05-01 10:00:00 UTC,,0,LOG,00000,\"one\",,,,,,,,,\"\"\n";
  const std::string rec2_part = "2024-05-01 10:00:01.000 UTC,,,1,,s.1,2,,2024-05-01 10:00:00 UTC,,0,LOG,00000,\"two\nstill";
  write("pg.csv", rec1 + rec2_part);
  FollowerOptions o;
  o.glob = dir_ + "/*.csv";
  o.start_at_end = false;
  o.mode = RecordReader::Mode::kCsv;
  FileFollower f(o, [this] { return std::make_unique<CsvlogParser>(&parse_); });
  EXPECT_EQ(poll(f), V({"one"}));
  const auto st = f.state();
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].offset, rec1.size());
  write("pg.csv", " quoted\",,,,,,,,,\"\"\n");
  EXPECT_EQ(poll(f), V({"two\nstill quoted"}));
}

TEST_F(LogsFollower, MissingDirectoryIsNotFound) {
  FollowerOptions o;
  o.glob = dir_ + "/nope/*.log";
  FileFollower f(o, [this] { return std::make_unique<JsonlogParser>(&parse_); });
  test::CollectingSink sink;
  const auto st = f.poll(sink);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace pga::plugins::logs
