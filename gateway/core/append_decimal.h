#pragma once

#include <cstdint>
#include <string>

namespace switchyard {

// Appends `value` in decimal without a temporary string (per-request header building).
inline void appendDecimal(std::string& out, uint64_t value) {
  char digits[20];
  int length = 0;
  do {
    digits[length++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  while (length > 0) {
    out.push_back(digits[--length]);
  }
}

}  // namespace switchyard
