#pragma once

#include <map>
#include <string>
#include <string_view>

#include "gateway/config/config.h"
#include "gateway/config/yaml_reader.h"

// The `functions:` section (DESIGN.md §10): name → endpoint, kind, limits, retry policy,
// destinations and, for kind runtime-api, the runtime processes.

namespace switchyard::config {

using FunctionMap = std::map<std::string, FunctionConfig>;

// Reads every function, then checks that destinations name defined functions.
FunctionMap readFunctions(ErrorSink& errors, const ValueRef& functions);

// `no function named "x" (defined: a, b)`, with a "did you mean" for a near miss.
std::string noSuchFunctionMessage(std::string_view name, const FunctionMap& functions);

// What a function or trigger name may be, for "expected ..." messages.
inline constexpr std::string_view kNameRule = "1 to 64 letters, digits, '-' or '_'";

}  // namespace switchyard::config
