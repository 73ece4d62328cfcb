#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace switchyard {

// A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Time-ordered, so ids sort by
// arrival and index well in the DLQ store.
class EventId {
 public:
  static constexpr size_t kTextLength = 36;

  EventId() = default;
  static EventId generate(int64_t unix_ms);
  // Parses the canonical 8-4-4-4-12 hex form (either case).
  static bool parse(std::string_view text, EventId* id);

  int64_t unixMillis() const;
  // Canonical lowercase text, 36 characters.
  void format(char out[kTextLength]) const;
  std::string toString() const;
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }

  bool operator==(const EventId&) const = default;

 private:
  std::array<uint8_t, 16> bytes_{};
};

}  // namespace switchyard
