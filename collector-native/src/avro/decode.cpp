#include "avro/decode.h"

#include <cstdio>
#include <memory>

#include "avro/avro-schema.h"

namespace pga::avro {
namespace {

using nlohmann::json;

struct ReaderDeleter {
  void operator()(avro_reader_t_* reader) const { avro_reader_free(reader); }
};

Status to_json(avro_value_t* value, json* out) {
  switch (avro_value_get_type(value)) {
    case AVRO_NULL: *out = nullptr; return Status::ok();
    case AVRO_BOOLEAN: {
      int b = 0;
      avro_value_get_boolean(value, &b);
      *out = b != 0;
      return Status::ok();
    }
    case AVRO_INT32: {
      int32_t v = 0;
      avro_value_get_int(value, &v);
      *out = v;
      return Status::ok();
    }
    case AVRO_INT64: {
      int64_t v = 0;
      avro_value_get_long(value, &v);
      *out = v;
      return Status::ok();
    }
    case AVRO_FLOAT: {
      float v = 0;
      avro_value_get_float(value, &v);
      *out = v;
      return Status::ok();
    }
    case AVRO_DOUBLE: {
      double v = 0;
      avro_value_get_double(value, &v);
      *out = v;
      return Status::ok();
    }
    case AVRO_STRING: {
      const char* s = nullptr;
      size_t size = 0;
      avro_value_get_string(value, &s, &size);
      *out = (s != nullptr && size > 0) ? std::string(s, size - 1) : std::string();  // size counts the NUL
      return Status::ok();
    }
    case AVRO_UNION: {
      avro_value_t branch;
      if (avro_value_get_current_branch(value, &branch) != 0) return Status::internal(last_avro_error());
      return to_json(&branch, out);
    }
    case AVRO_RECORD: {
      size_t n = 0;
      avro_value_get_size(value, &n);
      *out = json::object();
      for (size_t i = 0; i < n; ++i) {
        avro_value_t child;
        const char* name = nullptr;
        if (avro_value_get_by_index(value, i, &child, &name) != 0) return Status::internal(last_avro_error());
        if (Status s = to_json(&child, &(*out)[name]); !s) return s;
      }
      return Status::ok();
    }
    case AVRO_ARRAY: {
      size_t n = 0;
      avro_value_get_size(value, &n);
      *out = json::array();
      for (size_t i = 0; i < n; ++i) {
        avro_value_t child;
        if (avro_value_get_by_index(value, i, &child, nullptr) != 0) return Status::internal(last_avro_error());
        json item;
        if (Status s = to_json(&child, &item); !s) return s;
        out->push_back(std::move(item));
      }
      return Status::ok();
    }
    default:
      // maps, enums, bytes and fixed do not occur in the committed schemas
      return Status::internal(std::string("unsupported Avro type ") + std::to_string(avro_value_get_type(value)));
  }
}

}  // namespace

std::string fingerprint_hex(uint64_t fingerprint) {
  std::string out;
  char buf[3];
  for (int i = 0; i < 8; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned>((fingerprint >> (8 * i)) & 0xff));
    out += buf;
  }
  return out;
}

Expected<json> decode_message(const Schema& schema, std::string_view message) {
  const auto* avro_schema = dynamic_cast<const AvroSchema*>(&schema);
  if (avro_schema == nullptr) return Status::internal("schema not from the embedded registry");
  if (message.size() < 10 || static_cast<unsigned char>(message[0]) != 0xc3 ||
      static_cast<unsigned char>(message[1]) != 0x01) {
    return Status::invalid("not an Avro single-object message");
  }
  uint64_t fp = 0;
  for (int i = 7; i >= 0; --i) fp = (fp << 8) | static_cast<unsigned char>(message[2 + static_cast<size_t>(i)]);
  if (fp != schema.fingerprint()) return Status::invalid("message fingerprint " + fingerprint_hex(fp) + " is not " + schema.name());

  ValueHandle value(avro_schema->record_class());
  if (!value.valid()) return Status::internal("cannot create a value: " + last_avro_error());
  std::unique_ptr<avro_reader_t_, ReaderDeleter> reader(
      avro_reader_memory(message.data() + 10, static_cast<int64_t>(message.size() - 10)));
  if (avro_value_read(reader.get(), value.get()) != 0) {
    return Status::invalid(schema.name() + ": invalid Avro body: " + last_avro_error());
  }
  json out;
  if (Status s = to_json(value.get(), &out); !s) return s;
  return out;
}

Expected<json> decode_message(const SchemaRegistry& registry, std::string_view message) {
  if (message.size() < 10) return Status::invalid("message too short");
  uint64_t fp = 0;
  for (int i = 7; i >= 0; --i) fp = (fp << 8) | static_cast<unsigned char>(message[2 + static_cast<size_t>(i)]);
  for (const Schema* schema : registry.all()) {
    if (schema->fingerprint() == fp) return decode_message(*schema, message);
  }
  return Status::not_found("unknown writer schema fingerprint " + fingerprint_hex(fp));
}

}  // namespace pga::avro
