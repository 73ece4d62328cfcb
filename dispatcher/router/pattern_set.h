#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dispatcher/router/event_pattern.h"
#include "dispatcher/router/pattern_program.h"

namespace switchyard::router {

// A table of patterns evaluated together: their field tries are merged, so one walk of the event
// decides every pattern. Matching N patterns one by one parses the event N times; a set costs
// about one parse however many rules share it (see bench/router_bench.cc).
//
// NOTE: immutable after build(); matchPadded() is safe from any thread concurrently (thread-local
// parser and scratch, as EventPattern).
class PatternSet {
 public:
  // Pattern i of the set is patterns[i]; the set copies what it needs, so the patterns need not
  // outlive it.
  static PatternSet build(std::span<const EventPattern* const> patterns);

  size_t size() const { return program_.patternCount(); }

  // Fills `matched` (cleared first; keep it across calls to reuse its capacity) with the indices
  // of the matching patterns, ascending. `json` must be followed by 64 readable bytes.
  MatchResult matchPadded(std::string_view json, std::vector<uint32_t>& matched) const;
  // The same as a bitmask, for the hot path (no vector): bit i of matched[i / 64] is set when
  // pattern i matches. `matched` holds bitWords() words, zeroed by the caller.
  MatchResult matchPaddedBits(std::string_view json, std::span<uint64_t> matched) const;
  size_t bitWords() const { return (size() + 63) / 64; }
  // Copies into a padded buffer first: for tests and cold paths.
  MatchResult match(std::string_view json, std::vector<uint32_t>& matched) const;

 private:
  explicit PatternSet(PatternProgram program) : program_(std::move(program)) {}

  PatternProgram program_;
};

}  // namespace switchyard::router
