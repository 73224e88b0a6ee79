// Parsing Canonical Form and CRC-64-AVRO (Avro specification, "Parsing Canonical Form for Schemas" and
// "Schema Fingerprints"). Written here rather than taken from Avro C because Avro C 1.11 has no canonical
// form, and the fingerprint must equal what services/lib/avro computes (avsc's schema() + crc64-avro.ts).
#include <array>
#include <set>

#include <nlohmann/json.hpp>

#include "avro/schema-registry.h"

namespace pga::avro {
namespace {

using nlohmann::json;

constexpr uint64_t kEmpty = 0xc15d213aa4d7a795ULL;

const std::array<uint64_t, 256>& crc_table() {
  static const std::array<uint64_t, 256> table = [] {
    std::array<uint64_t, 256> t{};
    for (uint64_t i = 0; i < 256; ++i) {
      uint64_t fp = i;
      for (int j = 0; j < 8; ++j) fp = (fp >> 1) ^ (kEmpty & (0 - (fp & 1)));
      t[i] = fp;
    }
    return t;
  }();
  return table;
}

bool is_primitive(const std::string& name) {
  static const std::set<std::string> kPrimitives = {"null",  "boolean", "int",   "long",
                                                    "float", "double",  "bytes", "string"};
  return kPrimitives.count(name) > 0;
}

std::string json_string(const std::string& s) { return json(s).dump(-1, ' ', false, json::error_handler_t::strict); }

// Walks one schema, appending its canonical form to `out`. `ns` is the enclosing namespace; `defined` holds
// the fullnames already written (later uses become references by fullname).
class Canonicalizer {
 public:
  Status write(const json& schema, const std::string& ns, std::string& out) {
    if (schema.is_string()) return write_name(schema.get<std::string>(), ns, out);
    if (schema.is_array()) {
      out += '[';
      for (size_t i = 0; i < schema.size(); ++i) {
        if (i > 0) out += ',';
        if (Status s = write(schema[i], ns, out); !s) return s;
      }
      out += ']';
      return Status::ok();
    }
    if (!schema.is_object() || !schema.contains("type")) return Status::invalid("schema without \"type\"");
    const json& type = schema.at("type");
    if (!type.is_string()) return write(type, ns, out);  // {"type": {...}} or {"type": [...]}
    const std::string t = type.get<std::string>();
    if (is_primitive(t)) {
      out += json_string(t);  // attributes such as logicalType are dropped
      return Status::ok();
    }
    if (t == "array") return write_child(schema, "items", "{\"type\":\"array\",\"items\":", ns, out);
    if (t == "map") return write_child(schema, "values", "{\"type\":\"map\",\"values\":", ns, out);
    if (t == "record" || t == "error" || t == "enum" || t == "fixed") return write_named(schema, t, ns, out);
    return write_name(t, ns, out);  // {"type": "SomeNamedType"}
  }

 private:
  Status write_child(const json& schema, const char* key, const char* prefix, const std::string& ns,
                     std::string& out) {
    if (!schema.contains(key)) return Status::invalid(std::string("missing \"") + key + "\"");
    out += prefix;
    if (Status s = write(schema.at(key), ns, out); !s) return s;
    out += '}';
    return Status::ok();
  }

  static std::string fullname(const std::string& name, const std::string& ns) {
    if (name.find('.') != std::string::npos || ns.empty()) return name;
    return ns + "." + name;
  }

  Status write_name(const std::string& name, const std::string& ns, std::string& out) {
    if (is_primitive(name)) {
      out += json_string(name);
      return Status::ok();
    }
    std::string full = fullname(name, ns);
    if (!defined_.count(full)) {
      if (!defined_.count(name)) return Status::invalid("unknown type \"" + name + "\"");
      full = name;
    }
    out += json_string(full);
    return Status::ok();
  }

  Status write_named(const json& schema, const std::string& type, const std::string& ns, std::string& out) {
    if (!schema.contains("name") || !schema.at("name").is_string()) return Status::invalid(type + " without name");
    const std::string name = schema.at("name").get<std::string>();
    std::string own_ns = ns;
    if (name.find('.') != std::string::npos) {
      own_ns = name.substr(0, name.rfind('.'));
    } else if (schema.contains("namespace") && schema.at("namespace").is_string()) {
      own_ns = schema.at("namespace").get<std::string>();
    }
    const std::string full = fullname(name, own_ns);
    if (defined_.count(full)) {
      out += json_string(full);
      return Status::ok();
    }
    defined_.insert(full);
    out += "{\"name\":" + json_string(full) + ",\"type\":" + json_string(type);
    if (type == "enum") {
      if (!schema.contains("symbols") || !schema.at("symbols").is_array()) return Status::invalid("enum without symbols");
      out += ",\"symbols\":" + schema.at("symbols").dump();
    } else if (type == "fixed") {
      if (!schema.contains("size") || !schema.at("size").is_number_integer()) return Status::invalid("fixed without size");
      out += ",\"size\":" + std::to_string(schema.at("size").get<int64_t>());
    } else {
      if (!schema.contains("fields") || !schema.at("fields").is_array()) return Status::invalid("record without fields");
      out += ",\"fields\":[";
      bool first = true;
      for (const json& field : schema.at("fields")) {
        if (!field.is_object() || !field.contains("name") || !field.contains("type")) {
          return Status::invalid("field without name or type in " + full);
        }
        if (!first) out += ',';
        first = false;
        out += "{\"name\":" + json_string(field.at("name").get<std::string>()) + ",\"type\":";
        if (Status s = write(field.at("type"), own_ns, out); !s) return s;
        out += '}';
      }
      out += ']';
    }
    out += '}';
    return Status::ok();
  }

  std::set<std::string> defined_;
};

}  // namespace

Expected<std::string> canonical_form(std::string_view schema_json) {
  json parsed = json::parse(schema_json.begin(), schema_json.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Status::invalid("schema is not valid JSON");
  std::string out;
  try {
    Canonicalizer canonicalizer;
    if (Status s = canonicalizer.write(parsed, "", out); !s) return s;
  } catch (const json::exception& e) {  // a name of the wrong JSON type; nothing escapes this function
    return Status::invalid(std::string("malformed schema: ") + e.what());
  }
  return out;
}

uint64_t crc64_avro(std::string_view bytes) {
  const auto& table = crc_table();
  uint64_t fp = kEmpty;
  for (unsigned char b : bytes) fp = (fp >> 8) ^ table[(fp ^ b) & 0xff];
  return fp;
}

}  // namespace pga::avro
