// The column tables of the statements, database, tables and indexes plugins checked against their Avro
// schemas (osquery's practice: every output column against a validation map), and the row reader/writer
// checked on results built in memory.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "avro/avro-schema.h"
#include "avro/batch.h"
#include "avro/schema-registry.h"
#include "plugins/common/stat-columns.h"
#include "plugins/database/database-columns.h"
#include "plugins/indexes/index-columns.h"
#include "plugins/statements/statement-columns.h"
#include "plugins/tables/table-columns.h"
#include "fake-pg-result.h"

namespace pga::plugins::stats {
namespace {

const avro::SchemaRegistry& registry() {
  static const auto loaded = avro::SchemaRegistry::load_embedded();
  if (!loaded) std::abort();
  return **loaded;
}

const avro::ArrayInfo* array_info(const char* schema, const char* array) {
  const auto* s = dynamic_cast<const avro::AvroSchema*>(registry().find(schema));
  if (s == nullptr) return nullptr;
  const int i = s->array_index(array);
  return i < 0 ? nullptr : &s->arrays()[static_cast<size_t>(i)];
}

bool kind_fits(Kind kind, avro::FieldKind field) {
  switch (kind) {
    case Kind::kCounter:
    case Kind::kLong:
    case Kind::kTimestamp:
      return field == avro::FieldKind::kLong || field == avro::FieldKind::kInt;
    case Kind::kCounterMs:
    case Kind::kDouble:
      return field == avro::FieldKind::kDouble;
    case Kind::kText:
      return field == avro::FieldKind::kString;
    case Kind::kBool:
      return field == avro::FieldKind::kBool;
    case Kind::kInternal:
      return false;
  }
  return false;
}

struct TableCase {
  const char* schema;
  const char* array;
  Columns columns;
  std::set<std::string> set_by_plugin;  // fields the plugin writes itself
};

class PluginColumnTables : public ::testing::TestWithParam<TableCase> {};

TEST_P(PluginColumnTables, MatchTheSchema) {
  const TableCase& t = GetParam();
  const avro::ArrayInfo* info = array_info(t.schema, t.array);
  ASSERT_NE(info, nullptr) << t.schema << " " << t.array;
  std::set<std::string> covered = t.set_by_plugin;
  for (const Column& c : t.columns) {
    if (c.kind == Kind::kInternal) continue;
    EXPECT_TRUE(covered.insert(c.field).second) << "duplicate " << c.field;
    const avro::RowFieldInfo* field = nullptr;
    for (const auto& f : info->fields) {
      if (f.name == c.field) field = &f;
    }
    ASSERT_NE(field, nullptr) << t.schema << " has no field " << c.field;
    EXPECT_TRUE(kind_fits(c.kind, field->kind)) << c.field;
    EXPECT_EQ(c.nullable, field->nullable) << c.field;
    // a column some supported version lacks reads as null there: the field must accept null
    if (c.min_version > 130000 || c.max_version < kNoMaxVersion) {
      EXPECT_TRUE(field->nullable) << c.field;
    }
  }
  for (const auto& f : info->fields) EXPECT_TRUE(covered.count(f.name)) << t.schema << " field not written: " << f.name;
}

INSTANTIATE_TEST_SUITE_P(
    Plugins, PluginColumnTables,
    ::testing::Values(
        TableCase{"metrics.database.v1", "databases", columns_of(database::kDatabaseColumns), {"reset"}},
        TableCase{"metrics.tables.v1", "tables", columns_of(tables::kTableColumns), {"reset"}},
        TableCase{"metrics.indexes.v1", "indexes", columns_of(indexes::kIndexColumns), {"reset"}},
        TableCase{"metrics.statements.v1",
                  "rows",
                  columns_of(statements::kStatementColumns),
                  {"database_name", "user_name", "first_seen", "reset"}}));

constexpr Column kSample[] = {
    {"id", "s.id", Kind::kLong},
    {"name", "s.name", Kind::kText},
    {"hits", "s.hits", Kind::kCounter},
    {"busy_ms", "s.busy", Kind::kCounterMs, true, 140000},
    {"gone", "s.gone", Kind::kCounter, true, 130000, 159999},
    {"marker", "s.marker", Kind::kInternal},
};

TEST(StatColumnsSelectList, FollowsTheServerVersion) {
  EXPECT_EQ(select_list(columns_of(kSample), 130000),
            "s.id AS id, s.name AS name, s.hits AS hits, s.gone AS gone, s.marker AS marker");
  EXPECT_EQ(select_list(columns_of(kSample), 180000),
            "s.id AS id, s.name AS name, s.hits AS hits, s.busy AS busy_ms, s.marker AS marker");
  constexpr Column kNew[] = {{"x", "s.x", Kind::kLong, true, 180000}};
  EXPECT_EQ(select_list(columns_of(kNew), 130000), "NULL AS none");
  static_assert(counter_count(kSample) == 3);
}

TEST(StatColumnsRowReader, ReadsCountersAndWritesARow) {
  // A PG13 answer for the database view: no session statistics, no parallel workers.
  const std::vector<std::string> cols = {"datid", "datname", "numbackends", "xact_commit", "checksum_failures",
                                         "blk_read_time_ms", "size_bytes", "frozen_xid_age", "min_mxid_age",
                                         "stats_reset"};
  const auto result = test_c::fake_result(
      cols, {{"5", "postgres", "3", "120", std::nullopt, "1.5", "8000000", "42", std::nullopt, "1700000000000000"}});
  const RowReader reader(result, columns_of(database::kDatabaseColumns));
  std::array<double, database::kDatabaseCounters> counters{};
  reader.counters(0, counters.data());
  EXPECT_EQ(counters[0], 120);               // xact_commit
  EXPECT_TRUE(std::isnan(counters[1]));      // xact_rollback: not selected
  // deltas as row_deltas makes them: null where the column is null or was not selected
  std::array<double, database::kDatabaseCounters> deltas{};
  for (size_t i = 0; i < deltas.size(); ++i) deltas[i] = std::isnan(counters[i]) ? kNull : 7;
  auto batch = avro::Batch(registry().find("metrics.database.v1"));
  {
    auto row = batch.add("databases");
    reader.write(row, 0, deltas.data());
    row.set_bool("reset", false);
  }
  ASSERT_TRUE(batch.status()) << batch.status().to_string();
  auto json = batch.to_json();
  ASSERT_TRUE(json) << json.status().to_string();
  const auto& r = (*json)["databases"][0];
  EXPECT_EQ(r["datid"], 5);
  EXPECT_EQ(r["datname"], "postgres");
  EXPECT_EQ(r["numbackends"], 3);
  EXPECT_EQ(r["xact_commit"], 7);
  EXPECT_TRUE(r["checksum_failures"].is_null());
  EXPECT_TRUE(r["session_time_ms"].is_null());
  EXPECT_EQ(r["size_bytes"], 8000000);
  EXPECT_TRUE(r["min_mxid_age"].is_null());
  EXPECT_EQ(r["stats_reset"], 1700000000000000);
}

}  // namespace
}  // namespace pga::plugins::stats
