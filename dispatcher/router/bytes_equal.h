#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace switchyard::router {

// Equality of two byte ranges of the same length, inlined: field names and values compared per
// event are mostly under 16 bytes, where a call to memcmp costs more than the comparison.
inline bool bytesEqual(const char* a, const char* b, size_t length) {
  if (length >= 8 && length <= 16) {
    uint64_t a_first, b_first, a_last, b_last;
    std::memcpy(&a_first, a, 8);
    std::memcpy(&b_first, b, 8);
    std::memcpy(&a_last, a + length - 8, 8);
    std::memcpy(&b_last, b + length - 8, 8);
    return ((a_first ^ b_first) | (a_last ^ b_last)) == 0;
  }
  if (length < 8) {
    for (size_t i = 0; i < length; ++i) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }
  return std::memcmp(a, b, length) == 0;
}

inline bool bytesEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && bytesEqual(a.data(), b.data(), a.size());
}

}  // namespace switchyard::router
