#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

namespace switchyard::log {

// Structured logging (Vector's style): `<time> <LEVEL> <component>{key=value ...}: Sentence.`
// ERROR = data at risk or an operator must act; WARN = recovered; INFO = lifecycle; nothing per
// event above DEBUG. Thread-safe: each line is formatted in a thread-local buffer and written with
// one write(2). Never pass secrets as fields.
enum class Level : int { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };

void setLevel(Level level);
bool enabled(Level level);
// Parses "debug", "info", "warn", "error", "off".
bool parseLevel(std::string_view text, Level* level);

class Field {
 public:
  Field(std::string_view key, std::string_view value) : key_(key), value_(value) {}
  Field(std::string_view key, const char* value) : key_(key), value_(value) {}
  Field(std::string_view key, const std::string& value) : key_(key), value_(value) {}
  template <typename T, typename = std::enable_if_t<std::is_arithmetic_v<T>>>
  Field(std::string_view key, T value) : key_(key), value_(std::to_string(value)) {}

  std::string_view key() const { return key_; }
  const std::string& value() const { return value_; }

 private:
  std::string_view key_;
  std::string value_;
};

void write(Level level, std::string_view component, std::string_view message,
           std::initializer_list<Field> fields = {});

inline void debug(std::string_view component, std::string_view message,
                  std::initializer_list<Field> fields = {}) {
  if (enabled(Level::kDebug)) {
    write(Level::kDebug, component, message, fields);
  }
}
inline void info(std::string_view component, std::string_view message,
                 std::initializer_list<Field> fields = {}) {
  write(Level::kInfo, component, message, fields);
}
inline void warn(std::string_view component, std::string_view message,
                 std::initializer_list<Field> fields = {}) {
  write(Level::kWarn, component, message, fields);
}
inline void error(std::string_view component, std::string_view message,
                  std::initializer_list<Field> fields = {}) {
  write(Level::kError, component, message, fields);
}

// Rate limiter for lines that can repeat (one per key per interval). Owned by one thread.
class RateLimit {
 public:
  explicit RateLimit(int64_t interval_ms) : interval_ms_(interval_ms) {}
  // True if a line may be written now; counts what was suppressed since the last allowed one.
  bool allow(int64_t now_ms, uint64_t* suppressed);

 private:
  int64_t interval_ms_;
  int64_t last_ms_ = INT64_MIN / 2;
  uint64_t suppressed_ = 0;
};

}  // namespace switchyard::log
