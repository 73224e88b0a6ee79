// The strongest check that the agent writes what the TypeScript side writes: rebuilding each golden fixture's
// value (schemas/fixtures/<name>/v1.json, written by services/lib/avro) with Batch gives the fixture's bytes.
#include <gtest/gtest.h>

#include "avro/batch.h"
#include "avro-test-support.h"

namespace pga::avro {
namespace {

using nlohmann::json;
using test_support::read_file;

int64_t as_long(const json& v) { return v.is_string() ? std::stoll(v.get<std::string>()) : v.get<int64_t>(); }

void set_field(RowWriter& row, const RowFieldInfo& f, const json& v) {
  if (v.is_null()) {
    row.set_null(f.name);
    return;
  }
  switch (f.kind) {
    case FieldKind::kLong:
    case FieldKind::kInt: row.set_long(f.name, as_long(v)); break;
    case FieldKind::kDouble: row.set_double(f.name, v.get<double>()); break;
    case FieldKind::kBool: row.set_bool(f.name, v.get<bool>()); break;
    case FieldKind::kString: row.set_string(f.name, v.get<std::string>()); break;
  }
}

TEST(GoldenFixtures, BatchEncodesEachFixtureToItsBytes) {
  size_t compared = 0;
  for (const Schema* schema : test_support::registry().all()) {
    const auto& s = dynamic_cast<const AvroSchema&>(*schema);
    const auto dir = test_support::schema_dir() / "fixtures" / s.name();
    if (!s.is_batch() || !std::filesystem::exists(dir / "v1.avsc")) continue;
    auto frozen = canonical_form(read_file(dir / "v1.avsc"));
    if (!frozen || *frozen != s.canonical_form()) continue;  // the schema moved on since v1
    const json value = json::parse(read_file(dir / "v1.json"));
    Batch batch(&s);
    const json& e = value.at("envelope");
    Envelope& env = batch.envelope();
    env.server_id = e.at("server_id");
    env.collector_id = e.at("collector_id");
    env.collected_at_us = as_long(e.at("collected_at"));
    env.interval_ms = as_long(e.at("interval_ms"));
    env.agent_version = e.at("agent_version");
    env.host = e.at("host");
    if (!e.at("pg_version_num").is_null()) env.pg_version_num = static_cast<int32_t>(as_long(e.at("pg_version_num")));
    if (!e.at("in_recovery").is_null()) env.in_recovery = e.at("in_recovery").get<bool>();
    for (const ArrayInfo& info : s.arrays()) {
      for (const json& r : value.at(info.name)) {
        RowWriter row = batch.add(info.name);
        for (const RowFieldInfo& f : info.fields) set_field(row, f, r.at(f.name));
      }
    }
    ASSERT_TRUE(batch.status()) << batch.status().to_string();
    auto messages = batch.encode(16u << 20, as_long(e.at("sequence")));
    ASSERT_TRUE(messages.has_value()) << messages.status().to_string();
    ASSERT_EQ(messages->size(), 1u);
    EXPECT_TRUE((*messages)[0] == read_file(dir / "v1.bin")) << s.name() << ": bytes differ from the fixture";
    ++compared;
  }
  EXPECT_GE(compared, 1u) << "no fixture matches a current schema";
}

}  // namespace
}  // namespace pga::avro
