#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dispatcher/router/pattern_program.h"

// EventBridge wildcard patterns: `*` matches any run of characters (including none), `\*` is a
// literal star and `\\` a literal backslash. Consecutive stars are rejected, as EventBridge does:
// they mean nothing more than one star and usually betray a typo.

namespace switchyard::router {

// nullopt with `problem` set (": <what is wrong>", to follow the quoted pattern) if malformed.
std::optional<WildcardPattern> parseWildcard(std::string_view text, std::string& problem);

// NOTE: called per event value; allocates nothing. Linear in the value for typical patterns.
bool wildcardMatches(const WildcardPattern& pattern, std::string_view value);

}  // namespace switchyard::router
