#include "plugins/plugin.h"

namespace pga::plugins {

avro::Batch CollectContext::new_batch(const char* schema_name) const {
  const avro::Schema* schema = schemas->find(schema_name);
  avro::Batch batch(schema);
  batch.envelope() = envelope;
  return batch;
}

}  // namespace pga::plugins
