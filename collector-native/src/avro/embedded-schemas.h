#pragma once
#include <string>
#include <vector>

namespace pga::avro {

// One committed schema file, compiled into the binary (see cmake/embed-schemas.cmake).
struct EmbeddedSchema {
  std::string name;  // file name without ".avsc", e.g. "metrics.statements.v1"
  std::string json;  // the file's text
};

const std::vector<EmbeddedSchema>& embedded_schemas();

}  // namespace pga::avro
