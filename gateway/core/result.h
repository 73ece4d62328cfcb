#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace switchyard {

// Error codes for expected failures (Redpanda's errc pattern). Exceptions are reserved for
// start-up wiring; nothing on the event path throws.
enum class Errc {
  kInvalidArgument,    // the caller's input is wrong (bad config, malformed request)
  kNotFound,           // a named thing does not exist
  kResourceExhausted,  // a bounded queue or budget is full: back off and retry
  kUnavailable,        // a peer cannot be reached right now
  kTimeout,
  kIo,
  kInternal,
};

struct Error {
  Errc code = Errc::kInternal;
  std::string message;
  bool retryable = false;
};

inline Error makeError(Errc code, std::string message, bool retryable = false) {
  return Error{code, std::move(message), retryable};
}

// An expected-style value: either a T or an Error. (std::expected is C++23.)
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : value_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(value_); }
  const T& value() const& { return std::get<0>(value_); }
  T&& value() && { return std::get<0>(std::move(value_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(value_); }

 private:
  std::variant<T, Error> value_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status okStatus() { return Status(); }

}  // namespace switchyard
