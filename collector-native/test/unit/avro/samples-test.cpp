// AvroSamples.WriteEveryFamily: when PGA_AVRO_SAMPLES_DIR is set, writes for every batch schema
// <name>.bin (one single-object message from Batch) and <name>.json (the values set, longs as decimal
// strings), plus schemas.json (describe_schemas). test/agent/avro-encoding.test.ts runs this test and decodes
// every .bin with the TypeScript codec: the proof that the agent's encoding is the contract's.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "avro/batch.h"
#include "avro/describe.h"
#include "avro-test-support.h"
#include "sample-rows.h"

namespace pga::avro {
namespace {

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  ASSERT_TRUE(out.good()) << path;
}

TEST(AvroSamples, WriteEveryFamily) {
  const char* dir = std::getenv("PGA_AVRO_SAMPLES_DIR");
  if (dir == nullptr || *dir == '\0') GTEST_SKIP() << "PGA_AVRO_SAMPLES_DIR not set";
  const std::filesystem::path out(dir);
  std::filesystem::create_directories(out);
  size_t written = 0;
  for (const Schema* schema : test_support::registry().all()) {
    const auto& s = dynamic_cast<const AvroSchema&>(*schema);
    if (!s.is_batch()) continue;
    nlohmann::json expected;
    Batch batch = test_support::sample_batch(s, &expected);
    ASSERT_TRUE(batch.status()) << batch.status().to_string();
    auto messages = batch.encode(16u << 20, batch.envelope().sequence);
    ASSERT_TRUE(messages.has_value()) << messages.status().to_string();
    ASSERT_EQ(messages->size(), 1u);
    write_file(out / (s.name() + ".bin"), (*messages)[0]);
    write_file(out / (s.name() + ".json"), expected.dump(2) + "\n");
    ++written;
  }
  write_file(out / "schemas.json", describe_schemas(test_support::registry()).dump(2) + "\n");
  EXPECT_EQ(written, 11u);
}

}  // namespace
}  // namespace pga::avro
