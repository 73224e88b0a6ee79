#include <limits>

#include "avro/batch-impl.h"

namespace pga::avro {
namespace {

constexpr size_t kNoArray = std::numeric_limits<size_t>::max();

}  // namespace

// ---- RowWriter

RowWriter::RowWriter(detail::BatchImpl* impl, size_t array_index) : impl_(impl), array_index_(array_index) {}

RowWriter::RowWriter(RowWriter&& other) noexcept : impl_(other.impl_), array_index_(other.array_index_) {
  other.impl_ = nullptr;
}

RowWriter::~RowWriter() {
  if (impl_ != nullptr && array_index_ != kNoArray) impl_->end_row(array_index_);
}

#define PGA_ROW_SET(scalar_init)                                                   \
  if (impl_ != nullptr && array_index_ != kNoArray) {                              \
    Scalar v;                                                                      \
    scalar_init;                                                                   \
    impl_->set(array_index_, field, v);                                            \
  }                                                                                \
  return *this

RowWriter& RowWriter::set_long(std::string_view field, int64_t value) {
  PGA_ROW_SET((v.kind = Scalar::Kind::kLong, v.l = value));
}
RowWriter& RowWriter::set_long(std::string_view field, std::optional<int64_t> value) {
  if (!value) return set_null(field);
  return set_long(field, *value);
}
RowWriter& RowWriter::set_double(std::string_view field, double value) {
  PGA_ROW_SET((v.kind = Scalar::Kind::kDouble, v.d = value));
}
RowWriter& RowWriter::set_double(std::string_view field, std::optional<double> value) {
  if (!value) return set_null(field);
  return set_double(field, *value);
}
RowWriter& RowWriter::set_bool(std::string_view field, bool value) {
  PGA_ROW_SET((v.kind = Scalar::Kind::kBool, v.b = value));
}
RowWriter& RowWriter::set_bool(std::string_view field, std::optional<bool> value) {
  if (!value) return set_null(field);
  return set_bool(field, *value);
}
RowWriter& RowWriter::set_string(std::string_view field, std::string_view value) {
  PGA_ROW_SET((v.kind = Scalar::Kind::kString, v.s = value));
}
RowWriter& RowWriter::set_string(std::string_view field, std::optional<std::string_view> value) {
  if (!value) return set_null(field);
  return set_string(field, *value);
}
RowWriter& RowWriter::set_null(std::string_view field) { PGA_ROW_SET(v.kind = Scalar::Kind::kNull); }

#undef PGA_ROW_SET

// ---- Batch

Batch::Batch(const Schema* schema) : schema_(schema), impl_(std::make_unique<Impl>()) {
  impl_->schema = dynamic_cast<const AvroSchema*>(schema);
  if (schema == nullptr) {
    impl_->status = Status::invalid("batch of an unknown schema");
  } else if (impl_->schema == nullptr || !impl_->schema->is_batch()) {
    impl_->status = Status::invalid(schema->name() + " is not a batch schema (envelope + pga.table arrays)");
    impl_->schema = nullptr;
  } else {
    impl_->arrays.resize(impl_->schema->arrays().size());
  }
}

Batch::Batch(Batch&&) noexcept = default;
Batch& Batch::operator=(Batch&&) noexcept = default;
Batch::~Batch() = default;

RowWriter Batch::add(std::string_view array_field) {
  if (impl_->schema == nullptr) return RowWriter(nullptr, kNoArray);
  const int index = impl_->schema->array_index(array_field);
  if (index < 0) {
    impl_->fail(impl_->schema->name() + ": no array field \"" + std::string(array_field) + "\"");
    return RowWriter(nullptr, kNoArray);
  }
  if (!impl_->begin_row(static_cast<size_t>(index))) return RowWriter(nullptr, kNoArray);
  return RowWriter(impl_.get(), static_cast<size_t>(index));
}

size_t Batch::row_count(std::string_view array_field) const {
  if (impl_->schema == nullptr) return 0;
  const int index = impl_->schema->array_index(array_field);
  return index < 0 ? 0 : impl_->arrays[static_cast<size_t>(index)].ends.size();
}

size_t Batch::total_rows() const {
  size_t n = 0;
  for (const auto& rows : impl_->arrays) n += rows.ends.size();
  return n;
}

size_t Batch::encoded_row_bytes() const {
  size_t n = 0;
  for (const auto& rows : impl_->arrays) n += rows.bytes.size();
  return n;
}

const Status& Batch::status() const { return impl_->status; }

}  // namespace pga::avro
