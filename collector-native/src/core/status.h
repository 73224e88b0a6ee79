#pragma once
// Status and Expected<T>: how fallible calls report failure without exceptions crossing a module or plugin
// boundary (osquery's model). A Status carries a stable code, a message for people, and whether retrying the
// same call later can help (a broken connection can; a missing extension cannot).
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace pga {

enum class StatusCode {
  kOk,
  kInvalidArgument,   // bad configuration or input: fix it, retrying will not help
  kNotFound,          // missing file, extension, view or privilege
  kPermissionDenied,  // the role lacks a privilege
  kUnavailable,       // connection refused or lost, broker down: retry with backoff
  kTimeout,           // statement or network timeout: retry with backoff
  kInternal,          // a bug or an unexpected answer
};

const char* status_code_name(StatusCode code);

class Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(StatusCode code, std::string message) { return Status(code, std::move(message)); }
  static Status invalid(std::string message) { return Status(StatusCode::kInvalidArgument, std::move(message)); }
  static Status not_found(std::string message) { return Status(StatusCode::kNotFound, std::move(message)); }
  static Status unavailable(std::string message) { return Status(StatusCode::kUnavailable, std::move(message)); }
  static Status internal(std::string message) { return Status(StatusCode::kInternal, std::move(message)); }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  bool retryable() const { return code_ == StatusCode::kUnavailable || code_ == StatusCode::kTimeout; }
  // "unavailable: connection refused" — for logs and --check output.
  std::string to_string() const;

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Expected(Status status) : status_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool has_value() const { return value_.has_value(); }
  explicit operator bool() const { return has_value(); }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  const Status& status() const { return status_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace pga
