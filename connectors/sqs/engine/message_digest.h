#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace switchyard::sqs {

// The digests SQS puts on the wire: MD5 of bodies and attributes (SDKs verify them) and SHA-256
// for content-based deduplication. Over OpenSSL's libcrypto; safe on any thread.
//
// (connectors/aws/digest.h offers the same for the protocol layer; the engine keeps its own two
// functions so that it builds and tests without that layer.)

using Md5Digest = std::array<uint8_t, 16>;

Md5Digest md5(std::string_view data);
std::string sha256Hex(std::string_view data);
// Lowercase hex, as SQS writes digests.
std::string hexEncode(const uint8_t* bytes, size_t size);
inline std::string hexEncode(const Md5Digest& digest) {
  return hexEncode(digest.data(), digest.size());
}

}  // namespace switchyard::sqs
