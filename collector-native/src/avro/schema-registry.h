#pragma once
// The writer schemas compiled into the agent (schemas/*.avsc) with their Parsing Canonical Form and
// CRC-64-AVRO fingerprints — the same fingerprints the TypeScript side resolves (services/lib/avro).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace pga::avro {

class Schema {
 public:
  virtual ~Schema() = default;
  virtual const std::string& name() const = 0;            // "metrics.statements.v1"
  virtual const std::string& canonical_form() const = 0;  // Avro Parsing Canonical Form
  virtual uint64_t fingerprint() const = 0;               // CRC-64-AVRO of the canonical form
  // Top-level array fields after the envelope, in schema order, with their "pga.table" attribute.
  struct ArrayField {
    std::string name;
    std::string table;
  };
  virtual const std::vector<ArrayField>& array_fields() const = 0;
};

class SchemaRegistry {
 public:
  virtual ~SchemaRegistry() = default;
  // Parses every embedded schema (with Avro C) and computes its fingerprint.
  static Expected<std::unique_ptr<SchemaRegistry>> load_embedded();
  // nullptr when there is no such schema.
  virtual const Schema* find(std::string_view name) const = 0;
  virtual std::vector<const Schema*> all() const = 0;
};

// Parsing Canonical Form of a schema's JSON text (Avro specification, "Parsing Canonical Form for Schemas").
Expected<std::string> canonical_form(std::string_view schema_json);
// CRC-64-AVRO (the Rabin fingerprint of the specification) of `bytes`.
uint64_t crc64_avro(std::string_view bytes);

}  // namespace pga::avro
