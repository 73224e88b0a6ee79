// Batch::encode and Batch::to_json: single-object messages built from the rows encoded so far.
//
// A message is C3 01, the writer schema's fingerprint (8 bytes, little-endian), the envelope record, then
// each array field in schema order as one Avro block (zigzag row count, the rows, a 0 terminator; an empty
// array is the 0 alone). When the whole batch would exceed the size limit its rows are split, in order,
// across messages that each carry the envelope with their own sequence.
#include <limits>

#include "avro/batch-impl.h"
#include "avro/decode.h"

namespace pga::avro {
namespace {

constexpr size_t kHeaderBytes = 10;

Status set_string(avro_value_t* record, const char* name, const std::string& value) {
  avro_value_t field;
  if (avro_value_get_by_name(record, name, &field, nullptr) != 0) return Status::internal(last_avro_error());
  if (avro_value_set_string_len(&field, value.c_str(), value.size() + 1) != 0) return Status::internal(last_avro_error());
  return Status::ok();
}

Status set_long(avro_value_t* record, const char* name, int64_t value) {
  avro_value_t field;
  if (avro_value_get_by_name(record, name, &field, nullptr) != 0) return Status::internal(last_avro_error());
  if (avro_value_set_long(&field, value) != 0) return Status::internal(last_avro_error());
  return Status::ok();
}

template <typename T, typename Setter>
Status set_nullable(avro_value_t* record, const char* name, const std::optional<T>& value, Setter setter) {
  avro_value_t field, branch;
  if (avro_value_get_by_name(record, name, &field, nullptr) != 0) return Status::internal(last_avro_error());
  const int rc = value ? avro_value_set_branch(&field, 1, &branch) : avro_value_set_branch(&field, 0, &branch);
  if (rc != 0) return Status::internal(last_avro_error());
  if ((value ? setter(&branch, *value) : avro_value_set_null(&branch)) != 0) return Status::internal(last_avro_error());
  return Status::ok();
}

Expected<std::string> encode_envelope(const AvroSchema& schema, const Envelope& e, int64_t sequence) {
  ValueHandle value(schema.envelope_class());
  if (!value.valid()) return Status::internal("cannot create the envelope: " + last_avro_error());
  avro_value_t* v = value.get();
  for (Status s : {set_string(v, "server_id", e.server_id), set_string(v, "collector_id", e.collector_id),
                   set_long(v, "collected_at", e.collected_at_us), set_long(v, "interval_ms", e.interval_ms),
                   set_long(v, "sequence", sequence), set_string(v, "agent_version", e.agent_version),
                   set_string(v, "host", e.host),
                   set_nullable(v, "pg_version_num", e.pg_version_num,
                                [](avro_value_t* b, int32_t x) { return avro_value_set_int(b, x); }),
                   set_nullable(v, "in_recovery", e.in_recovery,
                                [](avro_value_t* b, bool x) { return avro_value_set_boolean(b, x ? 1 : 0); })}) {
    if (!s) return Status::internal(schema.name() + " envelope: " + s.message());
  }
  size_t size = 0;
  if (avro_value_sizeof(v, &size) != 0) return Status::internal(last_avro_error());
  std::string out(size, '\0');
  WriterHandle writer(avro_writer_memory(out.data(), static_cast<int64_t>(size)));
  if (!writer || avro_value_write(writer.get(), v) != 0) return Status::internal(last_avro_error());
  return out;
}

// Rows [begin, end) of each array that go into one message.
struct Slice {
  std::vector<size_t> begin, end;
};

size_t block_size(size_t count, size_t bytes) {
  return count == 0 ? 1 : long_size(static_cast<int64_t>(count)) + bytes + 1;
}

}  // namespace

Expected<std::vector<std::string>> Batch::encode(size_t max_message_bytes, int64_t first_sequence) const {
  if (!impl_->status) return impl_->status;
  const AvroSchema& schema = *impl_->schema;
  const auto& arrays = impl_->arrays;
  const size_t n = arrays.size();

  // Plan with the largest envelope any message can have: the sequence of the last possible message.
  auto widest = encode_envelope(schema, envelope_, first_sequence + static_cast<int64_t>(total_rows()));
  if (!widest) return widest.status();
  const size_t fixed = kHeaderBytes + widest->size();

  std::vector<Slice> slices;
  Slice current{std::vector<size_t>(n, 0), std::vector<size_t>(n, 0)};
  size_t size = fixed + n;  // every array empty: one 0 byte each
  size_t rows_in_message = 0;
  for (size_t a = 0; a < n; ++a) {
    const auto& ends = arrays[a].ends;
    for (size_t r = 0; r < ends.size(); ++r) {
      const size_t row_bytes = ends[r] - (r == 0 ? 0 : ends[r - 1]);
      auto grown = [&] {
        const size_t count = current.end[a] - current.begin[a];
        const size_t bytes = (count == 0) ? 0 : ends[current.end[a] - 1] - (current.begin[a] == 0 ? 0 : ends[current.begin[a] - 1]);
        return size - block_size(count, bytes) + block_size(count + 1, bytes + row_bytes);
      };
      if (rows_in_message > 0 && grown() > max_message_bytes) {
        slices.push_back(current);
        // the next message starts here, every array after the current one empty, those before finished
        for (size_t k = 0; k < n; ++k) current.begin[k] = current.end[k] = (k < a ? arrays[k].ends.size() : 0);
        current.begin[a] = current.end[a] = r;
        size = fixed + n;
        rows_in_message = 0;
      }
      size = grown();
      ++current.end[a];
      ++rows_in_message;
    }
  }
  slices.push_back(current);

  std::vector<std::string> messages;
  messages.reserve(slices.size());
  for (size_t m = 0; m < slices.size(); ++m) {
    auto envelope = encode_envelope(schema, envelope_, first_sequence + static_cast<int64_t>(m));
    if (!envelope) return envelope.status();
    // The exact size up front: a batch is up to a megabyte, and growing the string by doubling would hold
    // twice that while it is built.
    size_t total = 2 + 8 + envelope->size() + n;
    for (size_t a = 0; a < n; ++a) {
      const size_t b = slices[m].begin[a], e = slices[m].end[a];
      if (e > b) total += 10 + arrays[a].ends[e - 1] - (b == 0 ? 0 : arrays[a].ends[b - 1]);
    }
    std::string out;
    out.reserve(total);
    out += '\xC3';
    out += '\x01';
    const uint64_t fp = schema.fingerprint();
    for (int i = 0; i < 8; ++i) out += static_cast<char>((fp >> (8 * i)) & 0xff);
    out += *envelope;
    for (size_t a = 0; a < n; ++a) {
      const size_t b = slices[m].begin[a], e = slices[m].end[a];
      if (e > b) {
        const auto& ends = arrays[a].ends;
        const size_t from = b == 0 ? 0 : ends[b - 1];
        append_long(out, static_cast<int64_t>(e - b));
        arrays[a].bytes.copy_to(out, from, ends[e - 1]);
      }
      out += '\0';
    }
    messages.push_back(std::move(out));
  }
  return messages;
}

Expected<nlohmann::json> Batch::to_json() const {
  auto messages = encode(std::numeric_limits<size_t>::max(), envelope_.sequence);
  if (!messages) return messages.status();
  nlohmann::json out;
  for (const std::string& message : *messages) {
    auto decoded = decode_message(*impl_->schema, message);
    if (!decoded) return decoded.status();
    if (out.is_null()) {
      out = std::move(*decoded);
      continue;
    }
    for (const auto& array : impl_->schema->arrays()) {
      for (auto& row : (*decoded)[array.name]) out[array.name].push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace pga::avro
