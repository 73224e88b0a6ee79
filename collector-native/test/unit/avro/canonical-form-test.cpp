#include <gtest/gtest.h>

#include "avro/schema-registry.h"

namespace pga::avro {
namespace {

std::string canon(const char* json) {
  auto form = canonical_form(json);
  EXPECT_TRUE(form.has_value()) << form.status().to_string();
  return form ? *form : std::string();
}

// Examples in the spirit of Avro's share/test/data/schema-tests.txt.
TEST(CanonicalForm, Primitives) {
  EXPECT_EQ(canon(R"("int")"), R"("int")");
  EXPECT_EQ(canon(R"({"type": "int"})"), R"("int")");
  EXPECT_EQ(canon(R"({"type":"long","logicalType":"timestamp-micros"})"), R"("long")");
  EXPECT_EQ(canon(R"(["null", {"type": "string"}])"), R"(["null","string"])");
}

TEST(CanonicalForm, StripsAttributesAndOrdersKeys) {
  EXPECT_EQ(canon(R"({"fields": [{"default": 0, "type": "long", "doc": "d", "name": "f", "pga.x": 1}],
                      "doc": "x", "aliases": ["B"], "type": "record", "name": "A", "pga.table": "t"})"),
            R"({"name":"A","type":"record","fields":[{"name":"f","type":"long"}]})");
  EXPECT_EQ(canon(R"({"type": "enum", "symbols": ["X", "Y"], "name": "E", "doc": "e"})"),
            R"({"name":"E","type":"enum","symbols":["X","Y"]})");
  EXPECT_EQ(canon(R"({"type": "fixed", "size": 16, "name": "F", "namespace": "n"})"),
            R"({"name":"n.F","type":"fixed","size":16})");
  EXPECT_EQ(canon(R"({"type": "array", "items": {"type": "map", "values": "int"}})"),
            R"({"type":"array","items":{"type":"map","values":"int"}})");
}

TEST(CanonicalForm, FullNamesAndReferences) {
  EXPECT_EQ(canon(R"({"type": "record", "name": "R", "namespace": "a.b", "fields": [
                       {"name": "e", "type": {"type": "record", "name": "E", "namespace": "x", "fields": []}},
                       {"name": "r", "type": {"type": "record", "name": "Row", "fields": [
                         {"name": "s", "type": "string"}]}},
                       {"name": "again", "type": "x.E"},
                       {"name": "rows", "type": {"type": "array", "items": "Row"}},
                       {"name": "dotted", "type": {"type": "enum", "name": "p.q.Z", "symbols": ["A"]}}]})"),
            R"({"name":"a.b.R","type":"record","fields":[)"
            R"({"name":"e","type":{"name":"x.E","type":"record","fields":[]}},)"
            R"({"name":"r","type":{"name":"a.b.Row","type":"record","fields":[{"name":"s","type":"string"}]}},)"
            R"({"name":"again","type":"x.E"},)"
            R"({"name":"rows","type":{"type":"array","items":"a.b.Row"}},)"
            R"({"name":"dotted","type":{"name":"p.q.Z","type":"enum","symbols":["A"]}}]})");
}

TEST(CanonicalForm, RejectsBrokenSchemas) {
  EXPECT_FALSE(canonical_form("{").has_value());
  EXPECT_FALSE(canonical_form(R"({"name": "x"})").has_value());
  EXPECT_FALSE(canonical_form(R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "Nope"}]})").has_value());
}

// Fingerprints of the primitive schemas from Avro's schema-tests.txt (as signed 64-bit numbers).
TEST(Crc64Avro, KnownVectors) {
  EXPECT_EQ(crc64_avro(""), 0xc15d213aa4d7a795ULL);
  EXPECT_EQ(static_cast<int64_t>(crc64_avro(R"("null")")), 7195948357588979594LL);
  EXPECT_EQ(static_cast<int64_t>(crc64_avro(R"("boolean")")), -6970731678124411036LL);
  EXPECT_EQ(static_cast<int64_t>(crc64_avro(R"("int")")), 8247732601305521295LL);
  EXPECT_EQ(static_cast<int64_t>(crc64_avro(R"("long")")), -3434872931120570953LL);
  EXPECT_EQ(static_cast<int64_t>(crc64_avro(R"("float")")), 5583340709985441680LL);
  EXPECT_EQ(static_cast<int64_t>(crc64_avro(R"("double")")), -8181574048448539266LL);
  EXPECT_EQ(static_cast<int64_t>(crc64_avro(R"("bytes")")), 5746618253357095269LL);
  EXPECT_EQ(static_cast<int64_t>(crc64_avro(R"("string")")), -8142146995180207161LL);
}

}  // namespace
}  // namespace pga::avro
