#include "dispatcher/router/cidr.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace switchyard::router {
namespace {

// inet_pton wants a NUL-terminated string; addresses are short, so copy to the stack.
bool parseAddress(std::string_view text, std::array<uint8_t, 16>& bytes, uint8_t& length) {
  char buffer[INET6_ADDRSTRLEN + 1];
  if (text.empty() || text.size() >= sizeof(buffer)) {
    return false;
  }
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  if (inet_pton(AF_INET, buffer, bytes.data()) == 1) {
    length = 4;
    return true;
  }
  if (inet_pton(AF_INET6, buffer, bytes.data()) == 1) {
    length = 16;
    return true;
  }
  return false;
}

}  // namespace

std::optional<CidrBlock> parseCidr(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  CidrBlock block;
  if (!parseAddress(text.substr(0, slash), block.network, block.address_bytes)) {
    return std::nullopt;
  }
  const std::string_view bits_text = text.substr(slash + 1);
  unsigned bits = 0;
  const auto [rest, error] =
      std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
  if (error != std::errc() || rest != bits_text.data() + bits_text.size() || bits_text.empty() ||
      bits > block.address_bytes * 8u) {
    return std::nullopt;
  }
  block.prefix_bits = static_cast<uint8_t>(bits);
  for (unsigned bit = bits; bit < block.address_bytes * 8u; ++bit) {
    block.network[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  }
  return block;
}

bool cidrContains(const CidrBlock& block, std::string_view address) {
  std::array<uint8_t, 16> bytes{};
  uint8_t length = 0;
  if (!parseAddress(address, bytes, length) || length != block.address_bytes) {
    return false;
  }
  const unsigned full_bytes = block.prefix_bits / 8u;
  if (std::memcmp(bytes.data(), block.network.data(), full_bytes) != 0) {
    return false;
  }
  const unsigned rest_bits = block.prefix_bits % 8u;
  if (rest_bits == 0) {
    return true;
  }
  const auto mask = static_cast<uint8_t>(0xFFu << (8u - rest_bits));
  return (bytes[full_bytes] & mask) == block.network[full_bytes];
}

}  // namespace switchyard::router
