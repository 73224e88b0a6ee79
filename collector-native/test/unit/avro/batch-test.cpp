#include <gtest/gtest.h>

#include "avro/batch.h"
#include "avro/decode.h"
#include "avro-test-support.h"
#include "sample-rows.h"

namespace pga::avro {
namespace {

using nlohmann::json;
using test_support::avro_schema;
using test_support::registry;

TEST(Batch, EveryFieldOfEverySchemaRoundTrips) {
  for (const Schema* schema : registry().all()) {
    const auto& s = dynamic_cast<const AvroSchema&>(*schema);
    if (!s.is_batch()) continue;
    json expected;
    Batch batch = test_support::sample_batch(s, &expected);
    ASSERT_TRUE(batch.status()) << batch.status().to_string();
    EXPECT_EQ(batch.total_rows(), 2 * s.arrays().size());
    auto decoded = batch.to_json();
    ASSERT_TRUE(decoded.has_value()) << decoded.status().to_string();
    EXPECT_EQ(test_support::longs_as_strings(s, *decoded), expected) << s.name();

    auto messages = batch.encode(1000000, 7);
    ASSERT_TRUE(messages.has_value());
    ASSERT_EQ(messages->size(), 1u);
    EXPECT_EQ(static_cast<unsigned char>((*messages)[0][0]), 0xC3);
    EXPECT_EQ((*messages)[0][1], '\x01');
    auto again = decode_message(registry(), (*messages)[0]);
    ASSERT_TRUE(again.has_value()) << again.status().to_string();
    EXPECT_EQ(again->at("envelope").at("sequence"), 7);
  }
}

TEST(Batch, UnsetFieldsAreNullOrZero) {
  Batch batch(&avro_schema("metrics.settings.v1"));
  batch.add("settings").set_string("name", "work_mem");
  auto decoded = batch.to_json();
  ASSERT_TRUE(decoded.has_value()) << decoded.status().to_string();
  const json& row = decoded->at("settings").at(0);
  EXPECT_EQ(row.at("name"), "work_mem");
  EXPECT_EQ(row.at("context"), "");
  EXPECT_EQ(row.at("unit"), nullptr);
  EXPECT_EQ(row.at("pending_restart"), false);
  EXPECT_EQ(decoded->at("envelope").at("pg_version_num"), nullptr);
}

TEST(Batch, RowsDoNotInheritThePreviousRow) {
  Batch batch(&avro_schema("metrics.settings.v1"));
  batch.add("settings").set_string("name", "a").set_string("unit", "kB").set_bool("pending_restart", true);
  batch.add("settings").set_string("name", "b");
  auto decoded = batch.to_json();
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->at("settings").at(1).at("unit"), nullptr);
  EXPECT_EQ(decoded->at("settings").at(1).at("pending_restart"), false);
}

TEST(Batch, IntegersAreConvertedToTheFieldType) {
  Batch batch(&avro_schema("metrics.activity.v1"));
  // `count` is an int field
  batch.add("sessions").set_string("backend_type", "client backend").set_long("count", int64_t{3});
  ASSERT_TRUE(batch.status()) << batch.status().to_string();
  auto decoded = batch.to_json();
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->at("sessions").at(0).at("count"), 3);

  Batch too_big(&avro_schema("metrics.activity.v1"));
  too_big.add("sessions").set_long("count", int64_t{1} << 40);
  EXPECT_FALSE(too_big.status());
}

TEST(Batch, WrongFieldNameOrTypeFailsTheBatch) {
  {
    Batch batch(&avro_schema("metrics.settings.v1"));
    batch.add("settings").set_string("no_such_field", "x");
    EXPECT_FALSE(batch.status());
    EXPECT_NE(batch.status().message().find("no_such_field"), std::string::npos);
    EXPECT_FALSE(batch.encode(1000000, 1).has_value());
    EXPECT_FALSE(batch.to_json().has_value());
  }
  {
    Batch batch(&avro_schema("metrics.settings.v1"));
    batch.add("settings").set_long("name", int64_t{5});
    EXPECT_FALSE(batch.status());
  }
  {
    Batch batch(&avro_schema("metrics.settings.v1"));
    batch.add("settings").set_null("name");  // not nullable
    EXPECT_FALSE(batch.status());
  }
  {
    Batch batch(&avro_schema("metrics.settings.v1"));
    batch.add("no_such_array").set_string("name", "x");
    EXPECT_FALSE(batch.status());
  }
  {
    Batch batch(&avro_schema("anomalies.v1"));
    EXPECT_FALSE(batch.status());
  }
  {
    Batch batch(nullptr);
    EXPECT_FALSE(batch.status());
    batch.add("rows").set_long("calls", int64_t{1});  // harmless
  }
}

TEST(Batch, InvalidUtf8IsRepaired) {
  Batch batch(&avro_schema("metrics.settings.v1"));
  batch.add("settings").set_string("name", std::string_view("caf\xE9 ok", 7));
  auto decoded = batch.to_json();
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->at("settings").at(0).at("name"), "caf\xEF\xBF\xBD ok");
}

TEST(Batch, SplitsBySizeKeepingEveryRowInOrder) {
  const AvroSchema& s = avro_schema("metrics.replication.v1");
  Batch batch(&s);
  batch.envelope().server_id = "srv";
  // 40 slots, then 3 replicas, then nothing in receiver: the arrays of one message stay in schema order
  for (int i = 0; i < 3; ++i) batch.add("replicas").set_string("application_name", "replica-" + std::to_string(i));
  for (int i = 0; i < 40; ++i) batch.add("slots").set_string("slot_name", "slot-" + std::to_string(i) + std::string(50, 'x'));
  auto whole = batch.encode(1 << 20, 100);
  ASSERT_TRUE(whole.has_value());
  ASSERT_EQ(whole->size(), 1u);

  const size_t limit = 600;
  auto parts = batch.encode(limit, 100);
  ASSERT_TRUE(parts.has_value());
  ASSERT_GT(parts->size(), 3u);
  std::vector<std::string> replicas, slots;
  for (size_t m = 0; m < parts->size(); ++m) {
    const std::string& message = (*parts)[m];
    EXPECT_LE(message.size(), limit);
    auto decoded = decode_message(s, message);
    ASSERT_TRUE(decoded.has_value()) << decoded.status().to_string();
    EXPECT_EQ(decoded->at("envelope").at("sequence"), 100 + static_cast<int64_t>(m));
    EXPECT_EQ(decoded->at("envelope").at("server_id"), "srv");
    EXPECT_FALSE(decoded->at("replicas").empty() && decoded->at("slots").empty()) << "empty message " << m;
    for (const auto& r : decoded->at("replicas")) replicas.push_back(r.at("application_name"));
    for (const auto& r : decoded->at("slots")) slots.push_back(r.at("slot_name"));
  }
  ASSERT_EQ(replicas.size(), 3u);
  ASSERT_EQ(slots.size(), 40u);
  for (size_t i = 0; i < 40; ++i) EXPECT_EQ(slots[i], "slot-" + std::to_string(i) + std::string(50, 'x'));
  EXPECT_EQ(replicas[2], "replica-2");
}

TEST(Batch, ARowLargerThanTheLimitGoesAlone) {
  Batch batch(&avro_schema("metrics.querytexts.v1"));
  batch.add("texts").set_string("query", "small");
  batch.add("texts").set_string("query", std::string(5000, 'q'));
  batch.add("texts").set_string("query", "small again");
  auto parts = batch.encode(1024, 1);
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_GT((*parts)[1].size(), 5000u);
}

TEST(Batch, AnEmptyBatchIsOneMessage) {
  Batch batch(&avro_schema("metrics.statements.v1"));
  auto parts = batch.encode(1024, 5);
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 1u);
  auto decoded = decode_message(registry(), (*parts)[0]);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(decoded->at("rows").empty());
  EXPECT_TRUE(decoded->at("info").empty());
}

TEST(Batch, SurvivesAMove) {
  Batch batch(&avro_schema("metrics.settings.v1"));
  batch.add("settings").set_string("name", "a");
  std::vector<Batch> batches;
  batches.push_back(std::move(batch));
  batches[0].add("settings").set_string("name", "b");
  EXPECT_EQ(batches[0].row_count("settings"), 2u);
  EXPECT_GT(batches[0].encoded_row_bytes(), 0u);
}

TEST(Batch, AnOpenRowSurvivesMovingItsBatch) {
  std::vector<Batch> out;
  {
    Batch batch(&avro_schema("metrics.settings.v1"));
    auto row = batch.add("settings");
    row.set_string("name", "a");
    out.push_back(std::move(batch));  // a plugin's usual last step, before the row goes out of scope
    row.set_string("context", "user");
  }
  auto decoded = out[0].to_json();
  ASSERT_TRUE(decoded.has_value()) << decoded.status().to_string();
  EXPECT_EQ(decoded->at("settings").at(0).at("context"), "user");
}

}  // namespace
}  // namespace pga::avro
