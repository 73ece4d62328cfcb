#pragma once

#include <cstdint>
#include <string_view>

namespace switchyard::router {

// The first (up to) 8 bytes of a string as one little-endian word, zero-filled: most field names
// and values are told apart by their length and this word, without a memcmp call.
inline uint64_t nameHead(std::string_view text) {
  uint64_t head = 0;
  const size_t length = text.size() < 8 ? text.size() : 8;
  for (size_t i = 0; i < length; ++i) {
    head |= uint64_t{static_cast<unsigned char>(text[i])} << (8 * i);
  }
  return head;
}

}  // namespace switchyard::router
