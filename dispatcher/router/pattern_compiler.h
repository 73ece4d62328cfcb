#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "dispatcher/router/pattern_program.h"
#include "gateway/core/result.h"

namespace switchyard::router {

// Limits that keep compile time, program size and the per-event walk bounded whatever the config.
inline constexpr int kMaxPatternDepth = 32;       // nested objects (and $or levels)
inline constexpr size_t kMaxConditions = 256;     // leaf fields in one pattern
inline constexpr size_t kMaxAlternatives = 1024;  // $or expanded to disjunctive normal form

// YAML (or JSON) pattern → PatternSpec: fields AND-ed, leaf arrays OR-ed, $or expanded to DNF.
// Null, undefined or `{}` is the empty pattern (one empty alternative: matches everything).
Result<PatternSpec> compilePatternSpec(const YAML::Node& pattern, const std::string& file,
                                       std::string_view key_path);

}  // namespace switchyard::router
