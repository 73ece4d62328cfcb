#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "dispatcher/router/name_head.h"

namespace switchyard::router {

// A JSON string (a field name or value) read in place from the input buffer.
struct ScannedString {
  std::string_view text;  // between the quotes; valid only if !escaped
  uint64_t head = 0;      // nameHead(text)
  bool escaped = false;   // contains a backslash: must be unescaped by simdjson instead
};

// The bytes of `word` equal to '"' or '\\' (SWAR: the lowest set high bit is exact; bits above
// it may be spurious, so only the lowest is used).
inline uint64_t quoteOrBackslashBytes(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighBits = 0x8080808080808080ull;
  const uint64_t quotes = word ^ (kOnes * '"');
  const uint64_t backslashes = word ^ (kOnes * '\\');
  return ((quotes - kOnes) & ~quotes & kHighBits) |
         ((backslashes - kOnes) & ~backslashes & kHighBits);
}

// `raw` points just after the opening quote of a string that simdjson's stage 1 has seen closed,
// inside a buffer with SIMDJSON_PADDING readable bytes after the document: reading 8 bytes at a
// time past the closing quote stays inside it. Most strings have no escapes and are then used
// without the copy that unescaping makes.
inline ScannedString scanJsonString(const char* raw) {
  if constexpr (std::endian::native == std::endian::little) {
    for (size_t offset = 0;; offset += 8) {
      uint64_t word;
      std::memcpy(&word, raw + offset, 8);
      const uint64_t special = quoteOrBackslashBytes(word);
      if (special == 0) {
        continue;
      }
      const size_t length = offset + static_cast<size_t>(std::countr_zero(special)) / 8;
      if (raw[length] == '\\') {
        return ScannedString{{}, 0, true};
      }
      uint64_t head;
      std::memcpy(&head, raw, 8);
      if (length < 8) {
        head &= (uint64_t{1} << (8 * length)) - 1;
      }
      return ScannedString{std::string_view(raw, length), head, false};
    }
  } else {
    const char* end = raw;
    while (*end != '"' && *end != '\\') {
      ++end;
    }
    if (*end == '\\') {
      return ScannedString{{}, 0, true};
    }
    const std::string_view text(raw, static_cast<size_t>(end - raw));
    return ScannedString{text, nameHead(text), false};
  }
}

}  // namespace switchyard::router
