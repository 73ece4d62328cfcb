#include "connectors/aws/md5.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "connectors/aws/digest.h"

namespace switchyard::aws {
namespace {

constexpr char kStringTransport = 1;
constexpr char kBinaryTransport = 2;

void appendLengthPrefixed(std::string& out, std::string_view bytes) {
  auto length = static_cast<uint32_t>(bytes.size());
  out.push_back(static_cast<char>((length >> 24) & 0xff));
  out.push_back(static_cast<char>((length >> 16) & 0xff));
  out.push_back(static_cast<char>((length >> 8) & 0xff));
  out.push_back(static_cast<char>(length & 0xff));
  out.append(bytes);
}

}  // namespace

std::string md5Hex(std::string_view bytes) { return hexEncode(md5(bytes)); }

std::string md5OfMessageAttributes(std::span<const MessageAttribute> attributes) {
  if (attributes.empty()) {
    return {};
  }
  std::vector<const MessageAttribute*> sorted;
  sorted.reserve(attributes.size());
  for (const MessageAttribute& attribute : attributes) {
    sorted.push_back(&attribute);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const MessageAttribute* a, const MessageAttribute* b) { return a->name < b->name; });
  std::string encoded;
  for (const MessageAttribute* attribute : sorted) {
    appendLengthPrefixed(encoded, attribute->name);
    appendLengthPrefixed(encoded, attribute->data_type);
    if (attribute->isBinary()) {
      encoded.push_back(kBinaryTransport);
      appendLengthPrefixed(encoded, attribute->binary_value);
    } else {
      encoded.push_back(kStringTransport);
      appendLengthPrefixed(encoded, attribute->string_value);
    }
  }
  return md5Hex(encoded);
}

}  // namespace switchyard::aws
