#pragma once
// Reading single-object messages back (for --once, tests and tools): the agent never consumes, but showing
// exactly what was encoded is the honest way to print a batch.
#include <string_view>

#include <nlohmann/json.hpp>

#include "avro/schema-registry.h"
#include "core/status.h"

namespace pga::avro {

// Decodes one single-object message (C3 01 + fingerprint + body) written with `schema` into JSON: records
// as objects, unions unwrapped (null or the plain value), longs as JSON integers.
Expected<nlohmann::json> decode_message(const Schema& schema, std::string_view message);

// The same, finding the schema by the message's fingerprint.
Expected<nlohmann::json> decode_message(const SchemaRegistry& registry, std::string_view message);

// The 8 fingerprint bytes as they appear on the wire (little-endian), as 16 lowercase hex digits.
std::string fingerprint_hex(uint64_t fingerprint);

}  // namespace pga::avro
