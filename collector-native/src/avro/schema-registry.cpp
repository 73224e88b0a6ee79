#include "avro/schema-registry.h"

#include <map>

#include "avro/avro-schema.h"
#include "avro/embedded-schemas.h"

namespace pga::avro {
namespace {

class EmbeddedRegistry final : public SchemaRegistry {
 public:
  Status add(std::unique_ptr<AvroSchema> schema) {
    for (const auto& [name, other] : schemas_) {
      if (other->fingerprint() == schema->fingerprint()) {
        return Status::invalid("schemas " + name + " and " + schema->name() + " have the same canonical form");
      }
    }
    const std::string name = schema->name();
    schemas_.emplace(name, std::move(schema));
    return Status::ok();
  }

  const Schema* find(std::string_view name) const override {
    const auto it = schemas_.find(std::string(name));
    return it == schemas_.end() ? nullptr : it->second.get();
  }

  std::vector<const Schema*> all() const override {
    std::vector<const Schema*> out;
    out.reserve(schemas_.size());
    for (const auto& entry : schemas_) out.push_back(entry.second.get());
    return out;  // sorted by name (std::map)
  }

 private:
  std::map<std::string, std::unique_ptr<AvroSchema>> schemas_;
};

}  // namespace

Expected<std::unique_ptr<SchemaRegistry>> SchemaRegistry::load_embedded() {
  auto registry = std::make_unique<EmbeddedRegistry>();
  for (const EmbeddedSchema& embedded : embedded_schemas()) {
    auto schema = AvroSchema::parse(embedded.name, embedded.json);
    if (!schema) return schema.status();
    if (Status s = registry->add(std::move(*schema)); !s) return s;
  }
  if (registry->all().empty()) return Status::internal("no schema compiled into the agent");
  return std::unique_ptr<SchemaRegistry>(std::move(registry));
}

}  // namespace pga::avro
