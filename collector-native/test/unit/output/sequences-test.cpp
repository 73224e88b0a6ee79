#include "output/sequences.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/log.h"
#include "temp-dir.h"

namespace pga::output {
namespace {

using test_support::TempDir;

TEST(Sequences, IncreasePerServerAndSchemaAndSurviveARestart) {
  TempDir dir;
  {
    auto store = SequenceStore::open(dir.path());
    ASSERT_TRUE(store.has_value()) << store.status().to_string();
    EXPECT_EQ((*store)->reserve("a", "metrics.database.v1"), 1);
    EXPECT_EQ((*store)->reserve("a", "metrics.database.v1"), 2);
    EXPECT_EQ((*store)->reserve("a", "metrics.database.v1", 3), 3);  // 3, 4, 5
    EXPECT_EQ((*store)->reserve("a", "logs.v1"), 1);
    EXPECT_EQ((*store)->reserve("b", "metrics.database.v1"), 1);
  }
  auto store = SequenceStore::open(dir.path());
  ASSERT_TRUE(store.has_value());
  EXPECT_EQ((*store)->peek("a", "metrics.database.v1"), 6);
  EXPECT_EQ((*store)->reserve("a", "metrics.database.v1"), 6);
  EXPECT_EQ((*store)->reserve("a", "logs.v1"), 2);
  EXPECT_EQ((*store)->reserve("b", "metrics.database.v1"), 2);
  Status saved = Status::internal("unset");
  EXPECT_EQ((*store)->reserve("b", "x", 1, &saved), 1);
  EXPECT_TRUE(saved) << saved.to_string();
}

TEST(Sequences, NumbersAreHandedOutEvenWhenTheyCannotBeSaved) {
  TempDir dir;
  auto store = SequenceStore::open(dir.sub("state"));
  ASSERT_TRUE(store.has_value());
  std::filesystem::remove_all(dir.sub("state"));  // the state directory vanished
  Status saved;
  EXPECT_EQ((*store)->reserve("a", "logs.v1", 1, &saved), 1);
  EXPECT_FALSE(saved);
  EXPECT_EQ((*store)->reserve("a", "logs.v1", 1, &saved), 2);
}

TEST(Sequences, AnUnreadableFileRestartsNumbering) {
  TempDir dir;
  std::ofstream(dir.sub("sequences.json")) << "{not json";
  log::set_level(log::Level::kError);
  auto store = SequenceStore::open(dir.path());
  log::set_level(log::Level::kInfo);
  ASSERT_TRUE(store.has_value());
  EXPECT_EQ((*store)->reserve("a", "logs.v1"), 1);
}

}  // namespace
}  // namespace pga::output
