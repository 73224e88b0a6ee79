#pragma once
// RAII owners for the Avro C handles the agent uses: a parsed schema, a generic value class and a generic
// value. Avro C is reference counted; each owner holds one reference and drops it when destroyed.
#include <avro.h>

#include <memory>
#include <string>

namespace pga::avro {

struct SchemaDeleter {
  void operator()(avro_obj_t* schema) const { avro_schema_decref(schema); }
};
using SchemaHandle = std::unique_ptr<avro_obj_t, SchemaDeleter>;

struct ClassDeleter {
  void operator()(avro_value_iface_t* iface) const { avro_value_iface_decref(iface); }
};
using ClassHandle = std::unique_ptr<avro_value_iface_t, ClassDeleter>;

// One generic value (a record with its children), created from a class.
class ValueHandle {
 public:
  ValueHandle() = default;
  explicit ValueHandle(avro_value_iface_t* iface) {
    if (iface != nullptr && avro_generic_value_new(iface, &value_) == 0) owned_ = true;
  }
  ValueHandle(ValueHandle&& other) noexcept : value_(other.value_), owned_(other.owned_) { other.owned_ = false; }
  ValueHandle& operator=(ValueHandle&& other) noexcept {
    if (this != &other) {
      release();
      value_ = other.value_;
      owned_ = other.owned_;
      other.owned_ = false;
    }
    return *this;
  }
  ValueHandle(const ValueHandle&) = delete;
  ValueHandle& operator=(const ValueHandle&) = delete;
  ~ValueHandle() { release(); }

  bool valid() const { return owned_; }
  avro_value_t* get() { return &value_; }

 private:
  void release() {
    if (owned_) avro_value_decref(&value_);
    owned_ = false;
  }
  avro_value_t value_{};
  bool owned_ = false;
};

// Avro C's last error message ("" when none).
inline std::string last_avro_error() {
  const char* message = avro_strerror();
  return message != nullptr ? message : "";
}

}  // namespace pga::avro
