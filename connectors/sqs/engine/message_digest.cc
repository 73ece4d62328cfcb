#include "connectors/sqs/engine/message_digest.h"

#include <openssl/evp.h>

#include <memory>

#include "gateway/core/assert.h"

namespace switchyard::sqs {
namespace {

struct ContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

// One reusable context per thread and algorithm: EVP_Digest() allocates a context per call,
// which costs more than hashing a short body.
template <size_t N>
std::array<uint8_t, N> digest(const EVP_MD* algorithm, EVP_MD_CTX* context, std::string_view data) {
  std::array<uint8_t, N> out{};
  unsigned int size = 0;
  const bool ok = EVP_DigestInit_ex(context, algorithm, nullptr) == 1 &&
                  EVP_DigestUpdate(context, data.data(), data.size()) == 1 &&
                  EVP_DigestFinal_ex(context, out.data(), &size) == 1;
  SY_ASSERT(ok && size == N);
  return out;
}

EVP_MD_CTX* threadContext() {
  thread_local std::unique_ptr<EVP_MD_CTX, ContextDeleter> context(EVP_MD_CTX_new());
  SY_ASSERT(context != nullptr);
  return context.get();
}

// Fetched once: EVP_md5() / EVP_sha256() make every EVP_DigestInit_ex() fetch the algorithm again
// from the provider store, under a lock.
const EVP_MD* fetched(const char* name) {
  const EVP_MD* algorithm = EVP_MD_fetch(nullptr, name, nullptr);
  SY_ASSERT(algorithm != nullptr);
  return algorithm;
}

}  // namespace

Md5Digest md5(std::string_view data) {
  static const EVP_MD* const kMd5 = fetched("MD5");
  return digest<16>(kMd5, threadContext(), data);
}

std::string sha256Hex(std::string_view data) {
  static const EVP_MD* const kSha256 = fetched("SHA256");
  const auto bytes = digest<32>(kSha256, threadContext(), data);
  return hexEncode(bytes.data(), bytes.size());
}

std::string hexEncode(const uint8_t* bytes, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(size * 2, '\0');
  for (size_t i = 0; i < size; ++i) {
    text[2 * i] = kHex[bytes[i] >> 4];
    text[2 * i + 1] = kHex[bytes[i] & 0x0f];
  }
  return text;
}

}  // namespace switchyard::sqs
