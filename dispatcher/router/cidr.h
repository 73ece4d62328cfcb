#pragma once

#include <optional>
#include <string_view>

#include "dispatcher/router/pattern_program.h"

// The "cidr" matcher: whether a string value is an IP address inside a block. IPv4 and IPv6;
// an address only matches blocks of its own family.

namespace switchyard::router {

// "10.0.0.0/24", "2001:db8::/32"; nullopt if malformed. Host bits set in the network part are
// allowed (masked off), as in EventBridge.
std::optional<CidrBlock> parseCidr(std::string_view text);

// NOTE: called per event value; allocates nothing.
bool cidrContains(const CidrBlock& block, std::string_view address);

}  // namespace switchyard::router
