#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "dispatcher/router/bytes_equal.h"
#include "dispatcher/router/cidr.h"
#include "dispatcher/router/pattern_program.h"
#include "dispatcher/router/wildcard.h"

// Whether one scalar value from the event satisfies a condition (any of its matchers). Pure
// functions on already-decoded values: the JSON walk lives in pattern_matcher.cc.
// They are inline because the walk calls them per value in its inner loop (measured: ~8% of a
// rule-table match when they were out of line). Wildcard and CIDR tests, rarer and larger, are not.
// NOTE: nothing here allocates.

namespace switchyard::router {
namespace condition_detail {

// Small lists (the usual case) are scanned; longer ones are sorted at compile and searched.
inline constexpr size_t kLinearScanLimit = 8;

inline char asciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

// `lowered` is already lower case.
inline bool equalsIgnoreCase(std::string_view value, std::string_view lowered) {
  if (value.size() != lowered.size()) {
    return false;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    if (asciiLower(value[i]) != lowered[i]) {
      return false;
    }
  }
  return true;
}

inline bool containsString(const std::vector<std::string>& sorted, std::string_view value) {
  if (sorted.size() <= kLinearScanLimit) {
    return std::any_of(sorted.begin(), sorted.end(),
                       [value](const std::string& listed) { return bytesEqual(listed, value); });
  }
  return std::binary_search(sorted.begin(), sorted.end(), value);
}

inline bool containsNumber(const std::vector<double>& numbers, double value) {
  return std::find(numbers.begin(), numbers.end(), value) != numbers.end();
}

inline bool inRange(const NumericRange& range, double value) {
  const bool above_lower = range.lower_inclusive ? value >= range.lower : value > range.lower;
  const bool below_upper = range.upper_inclusive ? value <= range.upper : value < range.upper;
  return above_lower && below_upper;
}

inline bool stringTestMatches(const StringTest& test, std::string_view value) {
  switch (test.kind) {
    case StringTest::Kind::kPrefix:
      return value.size() >= test.text.size() &&
             bytesEqual(value.data(), test.text.data(), test.text.size());
    case StringTest::Kind::kPrefixIgnoreCase:
      return value.size() >= test.text.size() &&
             equalsIgnoreCase(value.substr(0, test.text.size()), test.text);
    case StringTest::Kind::kSuffix:
      return value.size() >= test.text.size() &&
             bytesEqual(value.data() + value.size() - test.text.size(), test.text.data(),
                        test.text.size());
    case StringTest::Kind::kSuffixIgnoreCase:
      return value.size() >= test.text.size() &&
             equalsIgnoreCase(value.substr(value.size() - test.text.size()), test.text);
    case StringTest::Kind::kEqualsIgnoreCase:
      return equalsIgnoreCase(value, test.text);
    case StringTest::Kind::kWildcard:
      return wildcardMatches(test.wildcard, value);
  }
  return false;
}

inline bool anyStringTest(const std::vector<StringTest>& tests, std::string_view value) {
  return std::any_of(tests.begin(), tests.end(),
                     [value](const StringTest& test) { return stringTestMatches(test, value); });
}

}  // namespace condition_detail

inline bool conditionMatchesString(const Condition& condition, std::string_view value) {
  if (condition.exists || condition_detail::containsString(condition.exact_strings, value) ||
      condition_detail::anyStringTest(condition.string_tests, value)) {
    return true;
  }
  for (const CidrBlock& block : condition.cidrs) {
    if (cidrContains(block, value)) {
      return true;
    }
  }
  for (const AnythingBut& but : condition.anything_buts) {
    if (but.string_tests.empty() ? !condition_detail::containsString(but.strings, value)
                                 : !condition_detail::anyStringTest(but.string_tests, value)) {
      return true;
    }
  }
  return false;
}

inline bool conditionMatchesNumber(const Condition& condition, double value) {
  if (condition.exists || condition_detail::containsNumber(condition.exact_numbers, value)) {
    return true;
  }
  for (const NumericRange& range : condition.ranges) {
    if (condition_detail::inRange(range, value)) {
      return true;
    }
  }
  for (const AnythingBut& but : condition.anything_buts) {
    if (but.string_tests.empty() && !condition_detail::containsNumber(but.numbers, value)) {
      return true;
    }
  }
  return false;
}

inline bool conditionMatchesBool(const Condition& condition, bool value) {
  if (condition.exists || (value ? condition.match_true : condition.match_false)) {
    return true;
  }
  return std::any_of(condition.anything_buts.begin(), condition.anything_buts.end(),
                     [](const AnythingBut& but) { return but.string_tests.empty(); });
}

inline bool conditionMatchesNull(const Condition& condition) {
  if (condition.exists || condition.match_null) {
    return true;
  }
  return std::any_of(condition.anything_buts.begin(), condition.anything_buts.end(),
                     [](const AnythingBut& but) { return but.string_tests.empty(); });
}

}  // namespace switchyard::router
