#include "avro/avro-schema.h"

#include <nlohmann/json.hpp>

namespace pga::avro {
namespace {

using nlohmann::json;

// The kind of a flat row field from its Avro C schema; false for anything but the flat types of
// schemas/README.md (primitives, timestamp-micros longs, ["null", T]).
bool flat_kind(avro_schema_t schema, FieldKind* kind, bool* nullable) {
  *nullable = false;
  if (is_avro_union(schema)) {
    if (avro_schema_union_size(schema) != 2 || !is_avro_null(avro_schema_union_branch(schema, 0))) return false;
    *nullable = true;
    schema = avro_schema_union_branch(schema, 1);
  }
  if (schema == nullptr) return false;
  switch (avro_typeof(schema)) {
    case AVRO_INT64: *kind = FieldKind::kLong; return true;
    case AVRO_INT32: *kind = FieldKind::kInt; return true;
    case AVRO_DOUBLE: *kind = FieldKind::kDouble; return true;
    case AVRO_BOOLEAN: *kind = FieldKind::kBool; return true;
    case AVRO_STRING: *kind = FieldKind::kString; return true;
    default: return false;
  }
}

}  // namespace

int AvroSchema::array_index(std::string_view name) const {
  for (size_t i = 0; i < arrays_.size(); ++i) {
    if (arrays_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Expected<std::unique_ptr<AvroSchema>> AvroSchema::parse(std::string name, std::string_view text) {
  std::unique_ptr<AvroSchema> out(new AvroSchema());
  out->name_ = std::move(name);
  const std::string where = "schema " + out->name_ + ": ";

  avro_schema_t parsed = nullptr;
  if (avro_schema_from_json_length(text.data(), text.size(), &parsed) != 0) {
    return Status::invalid(where + "Avro C cannot parse it: " + last_avro_error());
  }
  out->schema_.reset(parsed);
  auto canonical = avro::canonical_form(text);
  if (!canonical) return Status::invalid(where + canonical.status().message());
  out->canonical_ = *canonical;
  out->fingerprint_ = crc64_avro(out->canonical_);

  out->record_class_.reset(avro_generic_class_from_schema(parsed));
  if (!out->record_class_) return Status::internal(where + "no generic class: " + last_avro_error());

  // `pga.table` is a custom attribute, which Avro C does not keep: read it from the JSON text.
  const json raw = json::parse(text.begin(), text.end(), nullptr, false);
  if (!raw.is_object() || !raw.contains("fields") || !raw.at("fields").is_array() || !is_avro_record(parsed)) {
    return out;  // not a record: valid schema, not a batch
  }
  const json& fields = raw.at("fields");
  bool batch = !fields.empty() && fields[0].value("name", "") == "envelope";
  for (size_t i = 0; i < fields.size(); ++i) {
    const json& field = fields[i];
    const auto table = field.find("pga.table");
    if (table == field.end() || !table->is_string()) {
      if (i > 0) batch = false;
      continue;
    }
    avro_schema_t array = avro_schema_record_field_get_by_index(parsed, static_cast<int>(i));
    if (!is_avro_array(array) || !is_avro_record(avro_schema_array_items(array))) {
      return Status::invalid(where + "pga.table field " + field.value("name", "") + " is not an array of records");
    }
    avro_schema_t row = avro_schema_array_items(array);
    ArrayInfo info{field.at("name").get<std::string>(), table->get<std::string>(), i, nullptr, {}};
    info.row_class.reset(avro_generic_class_from_schema(row));
    if (!info.row_class) return Status::internal(where + "no generic class: " + last_avro_error());
    const size_t n = avro_schema_record_size(row);
    for (size_t f = 0; f < n; ++f) {
      RowFieldInfo rf{avro_schema_record_field_name(row, static_cast<int>(f)), FieldKind::kLong, false};
      if (!flat_kind(avro_schema_record_field_get_by_index(row, static_cast<int>(f)), &rf.kind, &rf.nullable)) {
        return Status::invalid(where + info.name + "." + rf.name + " is not a flat field");
      }
      info.fields.push_back(std::move(rf));
    }
    out->array_fields_.push_back({info.name, info.table});
    out->arrays_.push_back(std::move(info));
  }
  if (batch && !out->arrays_.empty()) {
    avro_schema_t envelope = avro_schema_record_field_get_by_index(parsed, 0);
    out->envelope_class_.reset(avro_generic_class_from_schema(envelope));
    if (!out->envelope_class_) return Status::internal(where + "no envelope class: " + last_avro_error());
    out->is_batch_ = true;
  }
  return out;
}

}  // namespace pga::avro
