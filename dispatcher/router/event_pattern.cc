#include "dispatcher/router/event_pattern.h"

#include <simdjson.h>

#include <utility>

#include "dispatcher/router/event_pattern_compiled.h"
#include "dispatcher/router/pattern_compiler.h"
#include "dispatcher/router/pattern_matcher.h"
#include "dispatcher/router/pattern_program.h"
#include "gateway/core/assert.h"

namespace switchyard::router {

Result<EventPattern> EventPattern::compile(const YAML::Node& pattern, const std::string& file,
                                           std::string_view key_path) {
  auto spec = compilePatternSpec(pattern, file, key_path);
  if (!spec.ok()) {
    return spec.error();
  }
  auto compiled = std::make_unique<Compiled>();
  compiled->spec = std::move(spec.value());
  const PatternSpec* specs[] = {&compiled->spec};
  compiled->program = buildProgram(specs);
  for (const auto& alternative : compiled->spec.alternatives) {
    compiled->matches_everything = compiled->matches_everything || alternative.empty();
  }
  return EventPattern(std::move(compiled));
}

MatchResult EventPattern::matchPadded(std::string_view json) const {
  SY_DEBUG_ASSERT(compiled_ != nullptr);  // not moved from
  return evaluateProgram(compiled_->program, json, nullptr);
}

MatchResult EventPattern::match(std::string_view json) const {
  const simdjson::padded_string padded(json);
  return matchPadded(std::string_view(padded.data(), padded.size()));
}

bool EventPattern::matchesEverything() const {
  SY_DEBUG_ASSERT(compiled_ != nullptr);  // not moved from
  return compiled_->matches_everything;
}

EventPattern::EventPattern(std::unique_ptr<const Compiled> compiled)
    : compiled_(std::move(compiled)) {}
EventPattern::EventPattern(EventPattern&&) noexcept = default;
EventPattern& EventPattern::operator=(EventPattern&&) noexcept = default;
EventPattern::~EventPattern() = default;

}  // namespace switchyard::router
