#include "connectors/aws/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "gateway/core/assert.h"

namespace switchyard::aws {
namespace {

template <size_t N>
std::array<uint8_t, N> digest(const EVP_MD* algorithm, std::string_view data) {
  std::array<uint8_t, N> out{};
  unsigned int length = 0;
  int ok = EVP_Digest(data.data(), data.size(), out.data(), &length, algorithm, nullptr);
  // Fails only if libcrypto cannot allocate or the algorithm is unavailable (a FIPS-only build
  // without MD5): nothing sensible can follow.
  SY_ASSERT(ok == 1 && length == N);
  return out;
}

}  // namespace

Sha256Digest sha256(std::string_view data) { return digest<32>(EVP_sha256(), data); }

Md5Digest md5(std::string_view data) { return digest<16>(EVP_md5(), data); }

Sha256Digest hmacSha256(std::string_view key, std::string_view data) {
  Sha256Digest out{};
  unsigned int length = 0;
  unsigned char* result =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &length);
  SY_ASSERT(result != nullptr && length == out.size());
  return out;
}

std::string hexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xf]);
  }
  return out;
}

std::string sha256Hex(std::string_view data) { return hexEncode(sha256(data)); }

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace switchyard::aws
