#include "gateway/core/event_id.h"

#include <cstring>

#include "gateway/core/random.h"

namespace switchyard {

EventId EventId::generate(int64_t unix_ms) {
  EventId id;
  uint64_t ms = static_cast<uint64_t>(unix_ms);
  for (int i = 0; i < 6; ++i) {
    id.bytes_[i] = static_cast<uint8_t>(ms >> (40 - 8 * i));
  }
  uint64_t a = Random::local().next();
  uint64_t b = Random::local().next();
  std::memcpy(&id.bytes_[6], &a, 2);
  std::memcpy(&id.bytes_[8], &b, 8);
  id.bytes_[6] = static_cast<uint8_t>(0x70 | (id.bytes_[6] & 0x0f));  // version 7
  id.bytes_[8] = static_cast<uint8_t>(0x80 | (id.bytes_[8] & 0x3f));  // RFC 4122 variant
  return id;
}

int64_t EventId::unixMillis() const {
  uint64_t ms = 0;
  for (int i = 0; i < 6; ++i) {
    ms = (ms << 8) | bytes_[i];
  }
  return static_cast<int64_t>(ms);
}

void EventId::format(char out[kTextLength]) const {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t pos = 0;
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      out[pos++] = '-';
    }
    out[pos++] = kHex[bytes_[i] >> 4];
    out[pos++] = kHex[bytes_[i] & 0x0f];
  }
}

std::string EventId::toString() const {
  std::string text(kTextLength, '\0');
  format(text.data());
  return text;
}

bool EventId::parse(std::string_view text, EventId* id) {
  if (text.size() != kTextLength) {
    return false;
  }
  EventId parsed;
  size_t byte = 0;
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') {
        return false;
      }
      ++i;
      continue;
    }
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    int hi = nibble(text[i]);
    int lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) {
      return false;
    }
    parsed.bytes_[byte++] = static_cast<uint8_t>((hi << 4) | lo);
    i += 2;
  }
  *id = parsed;
  return true;
}

}  // namespace switchyard
