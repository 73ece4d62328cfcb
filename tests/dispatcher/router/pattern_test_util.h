#pragma once

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "dispatcher/router/event_pattern.h"

// Helpers for the event-pattern suites: patterns are written as YAML/JSON text, as in a config.
namespace switchyard::router::testing {

inline constexpr const char* kPatternFile = "rules.yaml";
inline constexpr const char* kPatternKeyPath = "triggers.hook.filter";

inline Result<EventPattern> compilePattern(const std::string& text) {
  return EventPattern::compile(YAML::Load(text), kPatternFile, kPatternKeyPath);
}

// Compiles `text`, failing the test (and returning the empty pattern) if it does not compile.
inline EventPattern mustCompile(const std::string& text) {
  Result<EventPattern> pattern = compilePattern(text);
  if (!pattern.ok()) {
    ADD_FAILURE() << "pattern did not compile: " << pattern.error().message;
    return std::move(compilePattern("{}").value());
  }
  return std::move(pattern.value());
}

inline MatchResult matchText(const std::string& pattern, std::string_view event) {
  return mustCompile(pattern).match(event);
}

inline bool matches(const std::string& pattern, std::string_view event) {
  return matchText(pattern, event) == MatchResult::kMatch;
}

// The compile error message, or "" (and a test failure) if `text` compiles.
inline std::string compileError(const std::string& text) {
  Result<EventPattern> pattern = compilePattern(text);
  if (pattern.ok()) {
    ADD_FAILURE() << "pattern compiled but should not: " << text;
    return "";
  }
  EXPECT_EQ(pattern.error().code, Errc::kInvalidArgument);
  return pattern.error().message;
}

}  // namespace switchyard::router::testing
