#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "dispatcher/router/event_pattern.h"
#include "dispatcher/router/pattern_program.h"

namespace switchyard::router {

// Evaluates a program on one event: a single On-Demand pass over `padded_json` that descends only
// into fields the program's trie names (others are skipped unparsed), sets a bit per satisfied
// condition, then checks each pattern's alternatives against the bits.
//
// `padded_json` must be followed by at least SIMDJSON_PADDING (64) readable bytes. Values the walk
// skips are only checked structurally (On-Demand's contract): kNotJson means the walk met invalid
// JSON, the top level is not an object, or there is content after it.
//
// If `matched_patterns` and `matched_bits` are null the walk's result is kMatch as soon as any
// pattern matches. Otherwise `matched_patterns` is cleared and receives the index of every matching
// pattern, ascending, and/or bit i of `matched_bits` (patternCount() bits, zeroed by the caller)
// is set for every matching pattern i.
//
// NOTE: any thread; uses a thread-local simdjson parser and bit scratch, which grow to the
// largest event/program seen by the thread and are reused, so the steady state allocates nothing.
MatchResult evaluateProgram(const PatternProgram& program, std::string_view padded_json,
                            std::vector<uint32_t>* matched_patterns,
                            uint64_t* matched_bits = nullptr);

}  // namespace switchyard::router
