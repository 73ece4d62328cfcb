#include "connectors/sqs/engine/receipt_handle.h"

#include <array>

namespace switchyard::sqs {
namespace {

// version (1) | incarnation (8) | key (8) | receive count (4) | checksum (3) = 24 bytes,
// which base64url encodes in exactly 32 characters.
constexpr uint8_t kVersion = 1;
constexpr size_t kPayloadSize = 21;
constexpr size_t kBinarySize = 24;
constexpr size_t kTextSize = 32;
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

uint32_t checksum(const uint8_t* bytes, size_t size) {
  uint32_t hash = 2166136261u;  // FNV-1a
  for (size_t i = 0; i < size; ++i) {
    hash = (hash ^ bytes[i]) * 16777619u;
  }
  return hash ^ (hash >> 24);
}

void putBigEndian(uint8_t* out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) {
    out[i] = static_cast<uint8_t>(value >> (8 * (bytes - 1 - i)));
  }
}

uint64_t getBigEndian(const uint8_t* in, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) {
    value = (value << 8) | in[i];
  }
  return value;
}

int decodeSymbol(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '-') {
    return 62;
  }
  if (c == '_') {
    return 63;
  }
  return -1;
}

}  // namespace

std::string encodeReceiptHandle(const ReceiptHandle& handle) {
  std::array<uint8_t, kBinarySize> bytes{};
  bytes[0] = kVersion;
  putBigEndian(&bytes[1], handle.queue_incarnation, 8);
  putBigEndian(&bytes[9], handle.message_key, 8);
  putBigEndian(&bytes[17], handle.receive_count, 4);
  putBigEndian(&bytes[kPayloadSize], checksum(bytes.data(), kPayloadSize), 3);
  std::string text(kTextSize, '\0');
  for (size_t group = 0; group < kBinarySize / 3; ++group) {
    const uint32_t triple = (uint32_t{bytes[3 * group]} << 16) |
                            (uint32_t{bytes[3 * group + 1]} << 8) | bytes[3 * group + 2];
    for (size_t i = 0; i < 4; ++i) {
      text[4 * group + i] = kAlphabet[(triple >> (18 - 6 * i)) & 0x3f];
    }
  }
  return text;
}

std::optional<ReceiptHandle> decodeReceiptHandle(std::string_view text) {
  if (text.size() != kTextSize) {
    return std::nullopt;
  }
  std::array<uint8_t, kBinarySize> bytes{};
  for (size_t group = 0; group < kBinarySize / 3; ++group) {
    uint32_t triple = 0;
    for (size_t i = 0; i < 4; ++i) {
      const int symbol = decodeSymbol(text[4 * group + i]);
      if (symbol < 0) {
        return std::nullopt;
      }
      triple = (triple << 6) | static_cast<uint32_t>(symbol);
    }
    bytes[3 * group] = static_cast<uint8_t>(triple >> 16);
    bytes[3 * group + 1] = static_cast<uint8_t>(triple >> 8);
    bytes[3 * group + 2] = static_cast<uint8_t>(triple);
  }
  if (bytes[0] != kVersion ||
      getBigEndian(&bytes[kPayloadSize], 3) != (checksum(bytes.data(), kPayloadSize) & 0xffffffu)) {
    return std::nullopt;
  }
  ReceiptHandle handle;
  handle.queue_incarnation = getBigEndian(&bytes[1], 8);
  handle.message_key = getBigEndian(&bytes[9], 8);
  handle.receive_count = static_cast<uint32_t>(getBigEndian(&bytes[17], 4));
  return handle;
}

}  // namespace switchyard::sqs
