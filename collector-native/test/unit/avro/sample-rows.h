#pragma once
// Deterministic values for every field of every array of a batch schema, used by the round-trip tests and by
// AvroSamples (the files the TypeScript codec decodes). Row 0 sets every field; row 1 leaves every nullable
// field null. Longs include negatives and values beyond 2^53; strings include non-ASCII text and escapes.
#include <cstdint>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "avro/avro-schema.h"
#include "avro/batch.h"

namespace pga::avro::test_support {

inline int64_t sample_long(size_t row, size_t i) {
  const auto k = static_cast<int64_t>(i);
  if (row == 0) {
    switch (i % 3) {
      case 0: return 9007199254740993LL + k;  // 2^53 + 1: not a safe JavaScript number
      case 1: return -1234567890123LL - k;
      default: return 42 + k;
    }
  }
  return i % 2 == 0 ? std::numeric_limits<int64_t>::max() - k : std::numeric_limits<int64_t>::min() + k;
}

inline int32_t sample_int(size_t row, size_t i) {
  const auto k = static_cast<int32_t>(i);
  return row == 0 ? 100000 + k : std::numeric_limits<int32_t>::min() + k;
}

inline double sample_double(size_t row, size_t i) {
  const auto k = static_cast<double>(i);
  return row == 0 ? 0.5 + k * 1.25 : -1e-3 - k * 1024.125;
}

inline std::string sample_string(size_t row, const std::string& field) {
  return row == 0 ? "h\xC3\xA9llo \xE2\x9C\x93 \xE6\x97\xA5\xE6\x9C\xAC " + field + " \xF0\x9F\x90\x98"
                  : "line1\nline2 \"q\" \\ \t" + field;
}

// Sets every field of one row and returns the values set, as the TypeScript codec will show them with longs
// as decimal strings (JSON numbers cannot hold them).
inline nlohmann::json fill_row(RowWriter& row, const ArrayInfo& info, size_t r) {
  nlohmann::json expected = nlohmann::json::object();
  for (size_t i = 0; i < info.fields.size(); ++i) {
    const RowFieldInfo& f = info.fields[i];
    if (r == 1 && f.nullable) {
      row.set_null(f.name);
      expected[f.name] = nullptr;
      continue;
    }
    switch (f.kind) {
      case FieldKind::kLong:
        row.set_long(f.name, sample_long(r, i));
        expected[f.name] = std::to_string(sample_long(r, i));
        break;
      case FieldKind::kInt:
        row.set_long(f.name, static_cast<int64_t>(sample_int(r, i)));
        expected[f.name] = sample_int(r, i);
        break;
      case FieldKind::kDouble:
        row.set_double(f.name, sample_double(r, i));
        expected[f.name] = sample_double(r, i);
        break;
      case FieldKind::kBool:
        row.set_bool(f.name, (i + r) % 2 == 0);
        expected[f.name] = (i + r) % 2 == 0;
        break;
      case FieldKind::kString:
        row.set_string(f.name, sample_string(r, f.name));
        expected[f.name] = sample_string(r, f.name);
        break;
    }
  }
  return expected;
}

inline Envelope sample_envelope() {
  Envelope e;
  e.server_id = "pg-\xC3\xA9t\xC3\xA9:5432";
  e.collector_id = "collector-1";
  e.collected_at_us = 1764230400123456LL;
  e.interval_ms = 60000;
  e.sequence = 9007199254740995LL;
  e.agent_version = "0.1.0";
  e.host = "db1.example.net";
  e.pg_version_num = 180001;
  e.in_recovery = true;
  return e;
}

inline nlohmann::json envelope_json(const Envelope& e, int64_t sequence) {
  return {{"server_id", e.server_id},
          {"collector_id", e.collector_id},
          {"collected_at", std::to_string(e.collected_at_us)},
          {"interval_ms", std::to_string(e.interval_ms)},
          {"sequence", std::to_string(sequence)},
          {"agent_version", e.agent_version},
          {"host", e.host},
          {"pg_version_num", e.pg_version_num ? nlohmann::json(*e.pg_version_num) : nlohmann::json()},
          {"in_recovery", e.in_recovery ? nlohmann::json(*e.in_recovery) : nlohmann::json()}};
}

// A batch of `schema` with two rows in every array; `expected` receives the values with longs as strings.
inline Batch sample_batch(const AvroSchema& schema, nlohmann::json* expected) {
  Batch batch(&schema);
  batch.envelope() = sample_envelope();
  *expected = {{"envelope", envelope_json(batch.envelope(), batch.envelope().sequence)}};
  for (const ArrayInfo& info : schema.arrays()) {
    (*expected)[info.name] = nlohmann::json::array();
    for (size_t r = 0; r < 2; ++r) {
      RowWriter row = batch.add(info.name);
      (*expected)[info.name].push_back(fill_row(row, info, r));
    }
  }
  return batch;
}

// `decoded` (from Batch::to_json or decode_message) with every long turned into a decimal string, so it
// compares with what sample_batch expects.
inline nlohmann::json longs_as_strings(const AvroSchema& schema, nlohmann::json decoded) {
  for (const char* name : {"collected_at", "interval_ms", "sequence"}) {
    auto& v = decoded["envelope"][name];
    v = std::to_string(v.get<int64_t>());
  }
  for (const ArrayInfo& info : schema.arrays()) {
    for (auto& row : decoded[info.name]) {
      for (const RowFieldInfo& f : info.fields) {
        auto& v = row[f.name];
        if (f.kind == FieldKind::kLong && !v.is_null()) v = std::to_string(v.get<int64_t>());
      }
    }
  }
  return decoded;
}

}  // namespace pga::avro::test_support
