#pragma once
// The registry's Schema: a schema parsed by Avro C, with what the batch writer needs precomputed — the
// generic value classes of the whole record, of the envelope and of each array's row record, and the kind of
// every row field so a RowWriter can reset and coerce without asking Avro C each time.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "avro/avro-handles.h"
#include "avro/schema-registry.h"
#include "core/status.h"

namespace pga::avro {

enum class FieldKind { kLong, kInt, kDouble, kBool, kString };

struct RowFieldInfo {
  std::string name;
  FieldKind kind;
  bool nullable;  // ["null", T]: branch 0 is null, branch 1 the value
};

struct ArrayInfo {
  std::string name;
  std::string table;
  size_t record_index;  // position of the array field in the batch record
  ClassHandle row_class;
  std::vector<RowFieldInfo> fields;
};

class AvroSchema final : public Schema {
 public:
  // Parses `json` with Avro C and computes canonical form and fingerprint.
  static Expected<std::unique_ptr<AvroSchema>> parse(std::string name, std::string_view json);

  const std::string& name() const override { return name_; }
  const std::string& canonical_form() const override { return canonical_; }
  uint64_t fingerprint() const override { return fingerprint_; }
  const std::vector<ArrayField>& array_fields() const override { return array_fields_; }

  // A batch schema: first field "envelope" (io.pganalytics.Envelope), then only `pga.table` arrays of flat
  // records. Event schemas (anomalies, recommendations) are not batches.
  bool is_batch() const { return is_batch_; }
  avro_value_iface_t* record_class() const { return record_class_.get(); }
  avro_value_iface_t* envelope_class() const { return envelope_class_.get(); }
  const std::vector<ArrayInfo>& arrays() const { return arrays_; }
  // Index into arrays(), or -1.
  int array_index(std::string_view name) const;

 private:
  AvroSchema() = default;

  std::string name_;
  std::string canonical_;
  uint64_t fingerprint_ = 0;
  std::vector<ArrayField> array_fields_;
  SchemaHandle schema_;
  ClassHandle record_class_;
  ClassHandle envelope_class_;
  std::vector<ArrayInfo> arrays_;
  bool is_batch_ = false;
};

}  // namespace pga::avro
