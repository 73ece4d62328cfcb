#include "connectors/sqs/engine/message_id.h"

#include <cstring>

namespace switchyard::sqs {
namespace {

constexpr size_t kTextLength = 36;

bool isDashPosition(size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

int hexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace

MessageId MessageId::generate(Random& random) {
  MessageId id;
  const uint64_t high = random.next();
  const uint64_t low = random.next();
  std::memcpy(&id.bytes[0], &high, 8);
  std::memcpy(&id.bytes[8], &low, 8);
  id.bytes[6] = static_cast<uint8_t>(0x40 | (id.bytes[6] & 0x0f));  // version 4
  id.bytes[8] = static_cast<uint8_t>(0x80 | (id.bytes[8] & 0x3f));  // RFC 4122 variant
  return id;
}

bool MessageId::parse(std::string_view text, MessageId* id) {
  if (text.size() != kTextLength) {
    return false;
  }
  MessageId parsed;
  size_t byte = 0;
  for (size_t i = 0; i < kTextLength;) {
    if (isDashPosition(i)) {
      if (text[i] != '-') {
        return false;
      }
      ++i;
      continue;
    }
    const int high = hexValue(text[i]);
    const int low = hexValue(text[i + 1]);
    if (high < 0 || low < 0) {
      return false;
    }
    parsed.bytes[byte++] = static_cast<uint8_t>((high << 4) | low);
    i += 2;
  }
  *id = parsed;
  return true;
}

std::string MessageId::toString() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(kTextLength, '\0');
  size_t pos = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (isDashPosition(pos)) {
      text[pos++] = '-';
    }
    text[pos++] = kHex[bytes[i] >> 4];
    text[pos++] = kHex[bytes[i] & 0x0f];
  }
  return text;
}

}  // namespace switchyard::sqs
