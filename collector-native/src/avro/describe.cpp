#include "avro/describe.h"

#include "avro/decode.h"

namespace pga::avro {

nlohmann::json describe_schemas(const SchemaRegistry& registry) {
  nlohmann::json out = nlohmann::json::array();
  for (const Schema* schema : registry.all()) {
    nlohmann::json arrays = nlohmann::json::array();
    for (const auto& field : schema->array_fields()) arrays.push_back({{"name", field.name}, {"table", field.table}});
    out.push_back({{"name", schema->name()}, {"fingerprint", fingerprint_hex(schema->fingerprint())}, {"arrays", arrays}});
  }
  return out;
}

}  // namespace pga::avro
