#pragma once
// What `pga-agent --schemas` prints: every compiled-in schema with the fingerprint a consumer will see on
// the wire, so an operator can check the agent and the ingest agree on the contract.
#include <nlohmann/json.hpp>

#include "avro/schema-registry.h"

namespace pga::avro {

// [{"name": "metrics.statements.v1", "fingerprint": "<16 hex digits, wire order>",
//   "arrays": [{"name": "rows", "table": "statements"}, ...]}, ...] sorted by name.
nlohmann::json describe_schemas(const SchemaRegistry& registry);

}  // namespace pga::avro
