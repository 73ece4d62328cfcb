#include "dispatcher/router/pattern_set.h"

#include <simdjson.h>

#include "dispatcher/router/event_pattern_compiled.h"
#include "dispatcher/router/pattern_matcher.h"
#include "gateway/core/assert.h"

namespace switchyard::router {

PatternSet PatternSet::build(std::span<const EventPattern* const> patterns) {
  std::vector<const PatternSpec*> specs;
  specs.reserve(patterns.size());
  for (const EventPattern* pattern : patterns) {
    specs.push_back(&pattern->compiled_->spec);
  }
  return PatternSet(buildProgram(specs));
}

MatchResult PatternSet::matchPadded(std::string_view json, std::vector<uint32_t>& matched) const {
  return evaluateProgram(program_, json, &matched);
}

MatchResult PatternSet::matchPaddedBits(std::string_view json, std::span<uint64_t> matched) const {
  SY_ASSERT(matched.size() >= bitWords());
  return evaluateProgram(program_, json, nullptr, matched.data());
}

MatchResult PatternSet::match(std::string_view json, std::vector<uint32_t>& matched) const {
  const simdjson::padded_string padded(json);
  return matchPadded(std::string_view(padded.data(), padded.size()), matched);
}

}  // namespace switchyard::router
