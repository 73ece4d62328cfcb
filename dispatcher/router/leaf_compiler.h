#pragma once

#include <yaml-cpp/yaml.h>

#include <string_view>

#include "dispatcher/router/pattern_program.h"
#include "dispatcher/router/pattern_yaml.h"
#include "gateway/core/result.h"

namespace switchyard::router {

// Compiles one leaf of a pattern, the array of matchers in `"price": [{"numeric": [">", 0]}, 7]`,
// into `condition` (whose path the caller has set). `values` is a non-empty sequence; errors point
// at the offending element and name `key_path`.
Status compileLeaf(const YAML::Node& values, std::string_view key_path,
                   PatternCompileContext& context, Condition& condition);

}  // namespace switchyard::router
