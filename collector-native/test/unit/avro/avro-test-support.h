#pragma once
// What the Avro tests share: the repository's schemas/ folder and the embedded registry, loaded once.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "avro/avro-schema.h"
#include "avro/schema-registry.h"

namespace pga::avro::test_support {

// PGA_TEST_DATA_DIR is collector-native/test/data (taken lexically: the folder need not exist).
inline std::filesystem::path schema_dir() {
  return std::filesystem::path(PGA_TEST_DATA_DIR).parent_path().parent_path().parent_path() / "schemas";
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline const SchemaRegistry& registry() {
  static const auto loaded = SchemaRegistry::load_embedded();
  if (!loaded) {
    ADD_FAILURE() << loaded.status().to_string();
    std::abort();
  }
  return **loaded;
}

inline const AvroSchema& avro_schema(const char* name) {
  const Schema* schema = registry().find(name);
  if (schema == nullptr) std::abort();
  return dynamic_cast<const AvroSchema&>(*schema);
}

}  // namespace pga::avro::test_support
