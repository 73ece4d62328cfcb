#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace switchyard::aws {

// Digests the AWS protocols need (SigV4: SHA-256 and HMAC-SHA256; SQS: MD5), over OpenSSL's
// libcrypto. Pure functions, safe on any thread.

using Sha256Digest = std::array<uint8_t, 32>;
using Md5Digest = std::array<uint8_t, 16>;

Sha256Digest sha256(std::string_view data);
Sha256Digest hmacSha256(std::string_view key, std::string_view data);
Md5Digest md5(std::string_view data);

// Lowercase hex, as AWS writes every digest.
std::string hexEncode(std::string_view bytes);
template <size_t N>
std::string hexEncode(const std::array<uint8_t, N>& digest) {
  return hexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), N));
}
std::string sha256Hex(std::string_view data);

// Compares in time that depends only on the lengths, so a signature cannot be guessed byte by
// byte from response times.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace switchyard::aws
