#pragma once
// A batch: one family sampled on one server at one instant (schemas/README.md). Plugins add rows to the array
// fields of the family's record; the engine fills the envelope's sequence and encodes the batch as Avro
// single-object messages (C3 01, CRC-64-AVRO fingerprint, Avro binary body), split by rows when a message
// would exceed the size limit.
//
// Memory: a row is encoded with Avro C as soon as its RowWriter goes out of scope, so a batch holds encoded
// bytes (a few hundred per row), never a tree of values — that keeps the agent small whatever the row count.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "avro/schema-registry.h"
#include "core/status.h"

namespace pga::avro {

// io.pganalytics.Envelope, identical in every batch schema.
struct Envelope {
  std::string server_id;
  std::string collector_id;
  int64_t collected_at_us = 0;  // end of the delta window, microseconds since the Unix epoch (UTC)
  int64_t interval_ms = 0;      // 0 for snapshot families
  int64_t sequence = 0;         // assigned by the engine per (server_id, family)
  std::string agent_version;
  std::string host;
  std::optional<int32_t> pg_version_num;  // null for host-only families
  std::optional<bool> in_recovery;
};

class Batch;
namespace detail {
struct BatchImpl;  // batch-impl.h
}

// Writes one row of one array field. Every field starts as null (nullable fields) or zero/empty (the others);
// the row is encoded and appended when the writer is destroyed. Setting a field the schema does not have, or
// with a value of the wrong kind, marks the batch failed (Batch::status), it never throws.
// Integers are converted to the field's type (int or long); a nullable field takes the value or, for an
// empty optional, null.
class RowWriter {
 public:
  RowWriter(RowWriter&& other) noexcept;
  RowWriter(const RowWriter&) = delete;
  RowWriter& operator=(const RowWriter&) = delete;
  RowWriter& operator=(RowWriter&&) = delete;
  ~RowWriter();

  RowWriter& set_long(std::string_view field, int64_t value);
  RowWriter& set_long(std::string_view field, std::optional<int64_t> value);
  RowWriter& set_double(std::string_view field, double value);
  RowWriter& set_double(std::string_view field, std::optional<double> value);
  RowWriter& set_bool(std::string_view field, bool value);
  RowWriter& set_bool(std::string_view field, std::optional<bool> value);
  RowWriter& set_string(std::string_view field, std::string_view value);
  RowWriter& set_string(std::string_view field, std::optional<std::string_view> value);
  // Exact matches for literals and std::string, which would otherwise be ambiguous between the two above.
  RowWriter& set_string(std::string_view field, const char* value) { return set_string(field, std::string_view(value)); }
  RowWriter& set_string(std::string_view field, const std::string& value) {
    return set_string(field, std::string_view(value));
  }
  RowWriter& set_null(std::string_view field);
  // timestamp-micros fields (microseconds since the Unix epoch, UTC)
  RowWriter& set_timestamp_us(std::string_view field, std::optional<int64_t> value) { return set_long(field, value); }

 private:
  friend class Batch;
  // Points at the batch's heap state, not at the Batch, so a row stays valid when the batch is moved.
  RowWriter(detail::BatchImpl* impl, size_t array_index);
  detail::BatchImpl* impl_;
  size_t array_index_;
};

class Batch {
 public:
  // `schema` must outlive the batch (schemas live in the registry for the life of the process).
  explicit Batch(const Schema* schema);
  Batch(Batch&&) noexcept;
  Batch& operator=(Batch&&) noexcept;
  ~Batch();

  const Schema& schema() const { return *schema_; }
  Envelope& envelope() { return envelope_; }
  const Envelope& envelope() const { return envelope_; }

  // Starts a row of the array field `array_field` (e.g. "rows", "info", "sessions").
  RowWriter add(std::string_view array_field);

  size_t row_count(std::string_view array_field) const;
  size_t total_rows() const;
  size_t encoded_row_bytes() const;  // bytes of encoded rows so far (the batch's memory, roughly)
  // Not ok after a wrong field name or type: the batch must not be sent (the engine logs and drops it).
  const Status& status() const;

  // Single-object encodings of the batch: one message, or several when it exceeds `max_message_bytes`
  // (rows split across messages, each array's rows kept in order). `first_sequence` is the envelope sequence
  // of the first message; the others take the following numbers. Returns the encoded messages.
  Expected<std::vector<std::string>> encode(size_t max_message_bytes, int64_t first_sequence) const;

  // The batch as JSON (envelope and arrays), for --once and tests; decoded back from the Avro encoding, so it
  // shows exactly what is sent.
  Expected<nlohmann::json> to_json() const;

 private:
  friend class RowWriter;
  using Impl = detail::BatchImpl;
  const Schema* schema_;
  Envelope envelope_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pga::avro
