#pragma once
// Batch internals shared by batch.cpp (rows) and batch-encode.cpp (messages). A batch keeps, per array field,
// one reusable Avro C value of the row record and the rows already encoded back to back with their end
// offsets, so encode() can split between rows without decoding anything.
#include <memory>
#include <string>
#include <vector>

#include "avro/avro-schema.h"
#include "avro/batch.h"
#include "avro/row-bytes.h"

namespace pga::avro {

struct WriterDeleter {
  void operator()(avro_writer_t_* writer) const { avro_writer_free(writer); }
};
using WriterHandle = std::unique_ptr<avro_writer_t_, WriterDeleter>;

struct ArrayRows {
  ValueHandle row;            // created at the first row, reused for every row
  RowBytes bytes;             // encoded rows, back to back
  std::vector<size_t> ends;   // end offset of each row in `bytes`
  bool open = false;          // a RowWriter is writing a row of this array
  size_t next_field = 0;      // where the next field lookup starts (fields are mostly set in order)
};

// A value handed to a row field by a RowWriter setter.
struct Scalar {
  enum class Kind { kNull, kLong, kDouble, kBool, kString } kind = Kind::kNull;
  int64_t l = 0;
  double d = 0;
  bool b = false;
  std::string_view s;
};

struct detail::BatchImpl {
  const AvroSchema* schema = nullptr;  // null when the batch has no usable schema (status says why)
  std::vector<ArrayRows> arrays;
  Status status;
  std::string scratch;  // NUL-terminated copy of a string value (Avro C wants the NUL)
  WriterHandle writer;  // memory writer pointed at each row's bytes in turn

  void fail(const std::string& message) {
    if (status.is_ok()) status = Status::invalid(message);
  }
  bool begin_row(size_t array);
  void set(size_t array, std::string_view field, const Scalar& value);
  void end_row(size_t array);
};

// Zigzag varint (Avro long) appended to `out`; its length.
void append_long(std::string& out, int64_t value);
size_t long_size(int64_t value);

}  // namespace pga::avro
