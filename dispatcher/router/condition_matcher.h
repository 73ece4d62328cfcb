#pragma once

#include <optional>
#include <string_view>

#include "dispatcher/router/pattern_program.h"

// Whether one scalar value from the event satisfies a condition (any of its matchers). Pure
// functions on already-decoded values: the JSON walk lives in pattern_matcher.cc.
// NOTE: called per event value; nothing here allocates.

namespace switchyard::router {

bool conditionMatchesString(const Condition& condition, std::string_view value);
bool conditionMatchesNumber(const Condition& condition, double value);
bool conditionMatchesBool(const Condition& condition, bool value);
bool conditionMatchesNull(const Condition& condition);

bool stringTestMatches(const StringTest& test, std::string_view value);

// "10.0.0.0/24", "2001:db8::/32"; nullopt if malformed. Host bits set in the network part are
// allowed (masked off), as in EventBridge.
std::optional<CidrBlock> parseCidr(std::string_view text);
bool cidrContains(const CidrBlock& block, std::string_view address);

}  // namespace switchyard::router
