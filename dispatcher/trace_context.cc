#include "dispatcher/trace_context.h"

#include "gateway/core/random.h"

namespace switchyard::dispatcher {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool isLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

bool allZero(std::string_view text) {
  return text.find_first_not_of('0') == std::string_view::npos;
}

}  // namespace

bool isValidTraceparent(std::string_view value) {
  // 00-<32 hex>-<16 hex>-<2 hex>
  if (value.size() != 55 || value[2] != '-' || value[35] != '-' || value[52] != '-') {
    return false;
  }
  std::string_view version = value.substr(0, 2);
  std::string_view trace_id = value.substr(3, 32);
  std::string_view parent_id = value.substr(36, 16);
  std::string_view flags = value.substr(53, 2);
  return version == "00" && isLowerHex(trace_id) && isLowerHex(parent_id) && isLowerHex(flags) &&
         !allZero(trace_id) && !allZero(parent_id);
}

void appendTraceparent(std::string& out, const Event& event) {
  out.append("00-");
  std::string_view incoming = event.traceparent();
  if (isValidTraceparent(incoming)) {
    out.append(incoming.substr(3, 32));
  } else {
    for (uint8_t byte : event.id().bytes()) {
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    }
  }
  out.push_back('-');
  uint64_t span = Random::local().next() | 1;  // never all zero
  for (int shift = 60; shift >= 0; shift -= 4) {
    out.push_back(kHex[(span >> shift) & 0xf]);
  }
  out.append("-01");
}

}  // namespace switchyard::dispatcher
