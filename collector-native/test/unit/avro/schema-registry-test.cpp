#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "avro/avro-schema.h"
#include "avro/decode.h"
#include "avro/describe.h"
#include "avro/schema-registry.h"
#include "avro-test-support.h"

namespace pga::avro {
namespace {

namespace fs = std::filesystem;
using test_support::read_file;
using test_support::registry;
const fs::path kSchemaDir = test_support::schema_dir();

TEST(SchemaRegistry, LoadsEverySchemaOfTheRepository) {
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(kSchemaDir)) files += entry.path().extension() == ".avsc";
  EXPECT_EQ(registry().all().size(), files);
  EXPECT_EQ(files, 13u);
  ASSERT_NE(registry().find("metrics.statements.v1"), nullptr);
  EXPECT_EQ(registry().find("metrics.nope.v1"), nullptr);
  const auto& arrays = registry().find("metrics.activity.v1")->array_fields();
  ASSERT_EQ(arrays.size(), 3u);
  EXPECT_EQ(arrays[0].name, "sessions");
  EXPECT_EQ(arrays[0].table, "activity_sessions");
  EXPECT_EQ(arrays[2].table, "activity_summary");
  EXPECT_TRUE(registry().find("anomalies.v1")->array_fields().empty());
}

// The golden fixtures (schemas/fixtures/<name>/v<k>.{avsc,bin}) were written by the TypeScript codec: the
// 8 bytes after C3 01 are its fingerprint of that frozen schema, which ours must equal.
TEST(SchemaRegistry, FingerprintsEqualTheTypeScriptCodecs) {
  size_t compared = 0;
  for (const auto& dir : fs::directory_iterator(kSchemaDir / "fixtures")) {
    for (const auto& file : fs::directory_iterator(dir.path())) {
      if (file.path().extension() != ".avsc") continue;
      const std::string bin = read_file(fs::path(file.path()).replace_extension(".bin"));
      ASSERT_GE(bin.size(), 10u) << file.path();
      uint64_t wire = 0;
      for (int i = 7; i >= 0; --i) wire = (wire << 8) | static_cast<unsigned char>(bin[2 + static_cast<size_t>(i)]);
      auto form = canonical_form(read_file(file.path()));
      ASSERT_TRUE(form.has_value()) << file.path();
      EXPECT_EQ(fingerprint_hex(crc64_avro(*form)), fingerprint_hex(wire)) << file.path();
      ++compared;
    }
  }
  EXPECT_GE(compared, 13u);
  // Every current schema whose text equals its newest fixture has that fixture's fingerprint too.
  for (const Schema* schema : registry().all()) {
    const auto frozen = kSchemaDir / "fixtures" / schema->name() / "v1.avsc";
    if (!fs::exists(frozen)) continue;
    auto form = canonical_form(read_file(frozen));
    if (form && *form == schema->canonical_form()) {
      EXPECT_EQ(schema->fingerprint(), crc64_avro(*form));
    }
  }
}

TEST(SchemaRegistry, BatchSchemasAreRecognised) {
  for (const Schema* schema : registry().all()) {
    const auto* avro_schema = dynamic_cast<const AvroSchema*>(schema);
    ASSERT_NE(avro_schema, nullptr);
    const bool event = schema->name() == "anomalies.v1" || schema->name() == "recommendations.v1";
    EXPECT_EQ(avro_schema->is_batch(), !event) << schema->name();
  }
}

TEST(DescribeSchemas, ListsNamesFingerprintsAndArrays) {
  const auto described = describe_schemas(registry());
  ASSERT_EQ(described.size(), registry().all().size());
  for (const auto& entry : described) {
    EXPECT_EQ(entry.at("fingerprint").get<std::string>().size(), 16u);
    const Schema* schema = registry().find(entry.at("name").get<std::string>());
    ASSERT_NE(schema, nullptr);
    EXPECT_EQ(entry.at("arrays").size(), schema->array_fields().size());
  }
  EXPECT_EQ(described[0].at("name"), "anomalies.v1");  // sorted by name
}

}  // namespace
}  // namespace pga::avro
