// The rows of a batch: each array field's reusable Avro C row value is reset, filled with coercion to the
// field's type, then encoded and appended to that array's bytes (batch-impl.h).
#include <limits>

#include "avro/batch-impl.h"
#include "avro/utf8.h"

namespace pga::avro {
namespace {

const char* kind_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::kLong: return "long";
    case FieldKind::kInt: return "int";
    case FieldKind::kDouble: return "double";
    case FieldKind::kBool: return "boolean";
    case FieldKind::kString: return "string";
  }
  return "?";
}

const char* scalar_name(Scalar::Kind kind) {
  switch (kind) {
    case Scalar::Kind::kNull: return "null";
    case Scalar::Kind::kLong: return "an integer";
    case Scalar::Kind::kDouble: return "a double";
    case Scalar::Kind::kBool: return "a boolean";
    case Scalar::Kind::kString: return "a string";
  }
  return "?";
}

// Sets a non-null value of kind `kind` into `target`, converting integers; false when the kinds do not fit.
int set_value(avro_value_t* target, FieldKind kind, const Scalar& v, std::string& scratch, bool* fits) {
  *fits = true;
  switch (kind) {
    case FieldKind::kLong:
      if (v.kind == Scalar::Kind::kLong) return avro_value_set_long(target, v.l);
      break;
    case FieldKind::kInt:
      if (v.kind == Scalar::Kind::kLong && v.l >= std::numeric_limits<int32_t>::min() &&
          v.l <= std::numeric_limits<int32_t>::max()) {
        return avro_value_set_int(target, static_cast<int32_t>(v.l));
      }
      break;
    case FieldKind::kDouble:
      if (v.kind == Scalar::Kind::kDouble) return avro_value_set_double(target, v.d);
      if (v.kind == Scalar::Kind::kLong) return avro_value_set_double(target, static_cast<double>(v.l));
      break;
    case FieldKind::kBool:
      if (v.kind == Scalar::Kind::kBool) return avro_value_set_boolean(target, v.b ? 1 : 0);
      break;
    case FieldKind::kString:
      if (v.kind == Scalar::Kind::kString) {
        if (is_valid_utf8(v.s)) {
          scratch.assign(v.s.data(), v.s.size());
        } else {
          scratch = repair_utf8(v.s);
        }
        return avro_value_set_string_len(target, scratch.c_str(), scratch.size() + 1);  // size counts the NUL
      }
      break;
  }
  *fits = false;
  return 0;
}

}  // namespace

void append_long(std::string& out, int64_t value) {
  uint64_t z = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  while (z > 0x7f) {
    out += static_cast<char>((z & 0x7f) | 0x80);
    z >>= 7;
  }
  out += static_cast<char>(z);
}

size_t long_size(int64_t value) {
  uint64_t z = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  size_t n = 1;
  while (z > 0x7f) {
    z >>= 7;
    ++n;
  }
  return n;
}

bool detail::BatchImpl::begin_row(size_t array) {
  ArrayRows& rows = arrays[array];
  const ArrayInfo& info = schema->arrays()[array];
  if (rows.open) {
    fail(schema->name() + " " + info.name + ": a row was started before the previous one was finished");
    return false;
  }
  if (!rows.row.valid()) {
    rows.row = ValueHandle(info.row_class.get());
    if (!rows.row.valid()) {
      fail(schema->name() + ": cannot create a row value: " + last_avro_error());
      return false;
    }
  }
  // Every field starts as null (nullable) or zero / false / "" so a row never carries the previous one's data.
  for (size_t i = 0; i < info.fields.size(); ++i) {
    avro_value_t field;
    avro_value_get_by_index(rows.row.get(), i, &field, nullptr);
    int rc = 0;
    if (info.fields[i].nullable) {
      avro_value_t branch;
      rc = avro_value_set_branch(&field, 0, &branch);
      if (rc == 0) rc = avro_value_set_null(&branch);
    } else {
      bool fits = false;
      Scalar zero;
      switch (info.fields[i].kind) {
        case FieldKind::kLong:
        case FieldKind::kInt: zero.kind = Scalar::Kind::kLong; break;
        case FieldKind::kDouble: zero.kind = Scalar::Kind::kDouble; break;
        case FieldKind::kBool: zero.kind = Scalar::Kind::kBool; break;
        case FieldKind::kString: zero.kind = Scalar::Kind::kString; break;
      }
      rc = set_value(&field, info.fields[i].kind, zero, scratch, &fits);
    }
    if (rc != 0) {
      fail(schema->name() + ": cannot reset a row: " + last_avro_error());
      return false;
    }
  }
  rows.open = true;
  rows.next_field = 0;
  return true;
}

void detail::BatchImpl::set(size_t array, std::string_view name, const Scalar& value) {
  ArrayRows& rows = arrays[array];
  const ArrayInfo& info = schema->arrays()[array];
  const size_t n = info.fields.size();
  size_t index = n;
  for (size_t k = 0; k < n; ++k) {
    const size_t i = (rows.next_field + k) % n;
    if (info.fields[i].name == name) {
      index = i;
      break;
    }
  }
  const std::string where = schema->name() + " " + info.name + "." + std::string(name);
  if (index == n) return fail(where + ": no such field");
  rows.next_field = index + 1;
  const RowFieldInfo& field = info.fields[index];
  avro_value_t target;
  avro_value_get_by_index(rows.row.get(), index, &target, nullptr);
  int rc = 0;
  bool fits = true;
  if (value.kind == Scalar::Kind::kNull) {
    if (!field.nullable) return fail(where + ": null in a non-nullable " + kind_name(field.kind) + " field");
    avro_value_t branch;
    rc = avro_value_set_branch(&target, 0, &branch);
    if (rc == 0) rc = avro_value_set_null(&branch);
  } else if (field.nullable) {
    avro_value_t branch;
    rc = avro_value_set_branch(&target, 1, &branch);
    if (rc == 0) rc = set_value(&branch, field.kind, value, scratch, &fits);
  } else {
    rc = set_value(&target, field.kind, value, scratch, &fits);
  }
  if (!fits) {
    return fail(where + ": " + scalar_name(value.kind) + (value.kind == Scalar::Kind::kLong ? " (" + std::to_string(value.l) + ")" : "") +
                " does not fit a " + kind_name(field.kind) + " field");
  }
  if (rc != 0) fail(where + ": " + last_avro_error());
}

void detail::BatchImpl::end_row(size_t array) {
  ArrayRows& rows = arrays[array];
  rows.open = false;
  size_t size = 0;
  if (avro_value_sizeof(rows.row.get(), &size) != 0) return fail(schema->name() + ": " + last_avro_error());
  char* at = rows.bytes.append(size);
  if (!writer) writer.reset(avro_writer_memory(at, static_cast<int64_t>(size)));
  else avro_writer_memory_set_dest(writer.get(), at, static_cast<int64_t>(size));
  if (!writer || avro_value_write(writer.get(), rows.row.get()) != 0) {
    rows.bytes.pop(size);
    return fail(schema->name() + ": cannot encode a row: " + last_avro_error());
  }
  rows.ends.push_back(rows.bytes.size());
}

}  // namespace pga::avro
