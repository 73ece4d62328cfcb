// libFuzzer target for the EventBridge pattern compiler and matcher. The first input byte picks
// the mode, the rest is the payload:
//   even: the payload is an event, matched against fixed patterns;
//   odd:  the payload is pattern text (YAML/JSON); if it compiles, it is matched against fixed
//         events.
// Nothing may crash on any bytes. When the event is valid JSON (checked with simdjson's DOM
// parser, which validates everything) the answers are also checked against a slow reference
// evaluator written over the DOM, for each pattern alone and for the patterns as a PatternSet.
// On invalid JSON, On-Demand only notices errors in what it reads, so answers are not checked.
//
// Build and run (see the report for the CMake target):
//   clang++-14 -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -I. \
//     tests/fuzz/event_pattern_fuzz.cc dispatcher/router/*.cc <config, core> -lsimdjson -lyaml-cpp
//   ./event_pattern_fuzz -max_len=4096 -max_total_time=30

#include <simdjson.h>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "dispatcher/router/condition_matcher.h"
#include "dispatcher/router/event_pattern.h"
#include "dispatcher/router/pattern_compiler.h"
#include "dispatcher/router/pattern_set.h"

namespace switchyard::router {
namespace {

// Mirrors pattern_matcher.cc: values nested deeper than this are ignored by the walk.
constexpr int kMaxWalkDepth = 128;

const char* const kFixedPatterns[] = {
    R"({"source": ["shop.orders"], "detail": {"total": [{"numeric": [">", 0, "<=", 500]}]}})",
    R"({"detail": {"status": [{"anything-but": {"prefix": "fail"}}], "error": [{"exists": false}]}})",
    R"({"$or": [{"a": {"b": [{"wildcard": "x*y\\*z*"}]}}, {"c": [null, true, 1e3, ""]}]})",
    R"({"ip": [{"cidr": "10.0.0.0/8"}], "k": [{"suffix": {"equals-ignore-case": ".PNG"}}]})",
    R"({"a": {"a": {"a": [{"exists": true}]}}, "b": [{"equals-ignore-case": "MiXeD"}, 7]})",
    R"({"a": ["x", "y", "z", "a1", "b2", "c3", "d4", "e5", "f6", {"anything-but": [1, 2]}]})",
    "{}",
};

const char* const kFixedEvents[] = {
    R"({"source": "shop.orders", "detail": {"total": 129.5, "status": "placed"}})",
    R"({"a": [{"b": "xqy*z"}, {"b": ["x*y*zz"]}], "c": [false, null], "ip": "10.1.2.3"})",
    R"({"a": {"a": {"a": []}}, "b": "mixed", "k": "IMG.png", "detail": {"error": null}})",
    R"({"a": "f6", "b": [7, "x"], "source": "shop.\u006frders", "c": 1000})",
    "{}",
};

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "event_pattern_fuzz: %s\n", what);
  std::abort();
}

struct Compiled {
  std::vector<EventPattern> patterns;
  std::vector<PatternSpec> specs;  // the same patterns, for the reference evaluator
};

bool compileBoth(const YAML::Node& node, Compiled& into) {
  auto pattern = EventPattern::compile(node, "fuzz.yaml", "filter");
  auto spec = compilePatternSpec(node, "fuzz.yaml", "filter");
  if (pattern.ok() != spec.ok()) {
    fail("EventPattern::compile and compilePatternSpec disagree");
  }
  if (!pattern.ok()) {
    return false;
  }
  into.patterns.push_back(std::move(pattern.value()));
  into.specs.push_back(std::move(spec.value()));
  return true;
}

const Compiled& fixedPatterns() {
  static const Compiled fixed = [] {
    Compiled built;
    for (const char* text : kFixedPatterns) {
      if (!compileBoth(YAML::Load(text), built)) {
        fail("a fixed pattern does not compile");
      }
    }
    return built;
  }();
  return fixed;
}

// The scalar values at `path` below `element`: arrays are flattened at every level, objects are
// descended into, objects at the end of the path hold no value.
void collectValues(simdjson::dom::element element, const std::vector<std::string>& path,
                   size_t index, int depth, std::vector<simdjson::dom::element>& values) {
  if (depth > kMaxWalkDepth) {
    return;
  }
  simdjson::dom::array array;
  if (element.get_array().get(array) == simdjson::SUCCESS) {
    for (simdjson::dom::element item : array) {
      collectValues(item, path, index, depth + 1, values);
    }
    return;
  }
  simdjson::dom::object object;
  if (element.get_object().get(object) == simdjson::SUCCESS) {
    if (index == path.size()) {
      return;
    }
    for (simdjson::dom::key_value_pair field : object) {
      if (field.key == path[index]) {
        collectValues(field.value, path, index + 1, depth + 1, values);
      }
    }
    return;
  }
  if (index == path.size()) {
    values.push_back(element);
  }
}

bool referenceValueMatches(const Condition& condition, simdjson::dom::element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::STRING:
      return conditionMatchesString(condition, value.get_string().value_unsafe());
    case simdjson::dom::element_type::BOOL:
      return conditionMatchesBool(condition, value.get_bool().value_unsafe());
    case simdjson::dom::element_type::NULL_VALUE:
      return conditionMatchesNull(condition);
    default:
      return conditionMatchesNumber(condition, value.get_double().value_unsafe());
  }
}

bool referenceMatches(const PatternSpec& spec, simdjson::dom::object root) {
  std::vector<bool> satisfied;
  std::vector<simdjson::dom::element> values;
  for (const Condition& condition : spec.conditions) {
    values.clear();
    for (simdjson::dom::key_value_pair field : root) {
      if (!condition.path.empty() && field.key == condition.path[0]) {
        collectValues(field.value, condition.path, 1, 1, values);
      }
    }
    bool any = condition.absent_ok && values.empty();
    for (simdjson::dom::element value : values) {
      any = any || referenceValueMatches(condition, value);
    }
    satisfied.push_back(any);
  }
  for (const std::vector<uint32_t>& alternative : spec.alternatives) {
    bool all = true;
    for (uint32_t id : alternative) {
      all = all && satisfied[id];
    }
    if (all) {
      return true;
    }
  }
  return false;
}

// Matches `event` with every pattern alone and all of them as a set; checks the answers against
// the reference when the event is a valid JSON object.
void checkPatterns(const std::vector<const EventPattern*>& patterns,
                   const std::vector<const PatternSpec*>& specs, std::string_view event) {
  const simdjson::padded_string padded(event);
  const std::string_view padded_event(padded.data(), padded.size());
  std::vector<MatchResult> alone;
  for (const EventPattern* pattern : patterns) {
    alone.push_back(pattern->matchPadded(padded_event));
    if (pattern->match(event) != alone.back()) {
      fail("match() and matchPadded() disagree");
    }
  }
  std::vector<const EventPattern*> set_members = patterns;
  const PatternSet set = PatternSet::build(set_members);
  std::vector<uint32_t> matched;
  const MatchResult set_result = set.matchPadded(padded_event, matched);

  thread_local simdjson::dom::parser validator;
  simdjson::dom::object root;
  if (validator.parse(padded.data(), padded.size(), false).get_object().get(root)) {
    return;  // not a valid JSON object: only "no crash" is required
  }
  std::vector<uint32_t> expected;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const bool reference = referenceMatches(*specs[i], root);
    if (alone[i] != (reference ? MatchResult::kMatch : MatchResult::kNoMatch)) {
      fail("a pattern disagrees with the reference evaluator on valid JSON");
    }
    if (reference) {
      expected.push_back(static_cast<uint32_t>(i));
    }
  }
  if (set_result == MatchResult::kNotJson || matched != expected) {
    fail("PatternSet disagrees with the reference evaluator on valid JSON");
  }
}

void fuzzEvent(std::string_view event) {
  const Compiled& fixed = fixedPatterns();
  std::vector<const EventPattern*> patterns;
  std::vector<const PatternSpec*> specs;
  for (size_t i = 0; i < fixed.patterns.size(); ++i) {
    patterns.push_back(&fixed.patterns[i]);
    specs.push_back(&fixed.specs[i]);
  }
  checkPatterns(patterns, specs, event);
}

void fuzzPattern(std::string_view text) {
  YAML::Node node;
  try {
    node = YAML::Load(std::string(text));
  } catch (const YAML::Exception&) {
    return;  // not YAML: config loading reports that, before any pattern compiles
  }
  Compiled fuzzed;
  if (!compileBoth(node, fuzzed)) {
    return;
  }
  const Compiled& fixed = fixedPatterns();
  const std::vector<const EventPattern*> patterns = {&fuzzed.patterns[0], &fixed.patterns[0]};
  const std::vector<const PatternSpec*> specs = {&fuzzed.specs[0], &fixed.specs[0]};
  for (const char* event : kFixedEvents) {
    if (fuzzed.patterns[0].matchesEverything() &&
        fuzzed.patterns[0].match(event) != MatchResult::kMatch) {
      fail("a pattern that matches everything rejected an object");
    }
    checkPatterns(patterns, specs, event);
  }
}

}  // namespace
}  // namespace switchyard::router

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string_view payload(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 1) == 0) {
    switchyard::router::fuzzEvent(payload);
  } else {
    switchyard::router::fuzzPattern(payload);
  }
  return 0;
}
