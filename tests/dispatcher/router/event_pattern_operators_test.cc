#include <gtest/gtest.h>

#include <string>

#include "dispatcher/router/event_pattern.h"
#include "tests/dispatcher/router/pattern_test_util.h"

// One suite per content-filter operator: each has matching and non-matching cases, including the
// value types it never matches.
namespace switchyard::router {
namespace {

using testing::matches;
using testing::matchText;

TEST(EventPatternPrefix, MatchesStringsStartingWithPrefix) {
  const std::string pattern = R"({"time": [{"prefix": "2017-10-02"}]})";
  EXPECT_TRUE(matches(pattern, R"({"time": "2017-10-02T18:43:48Z"})"));
  EXPECT_TRUE(matches(pattern, R"({"time": "2017-10-02"})"));
  EXPECT_FALSE(matches(pattern, R"({"time": "2017-10-03T00:00:00Z"})"));
  EXPECT_FALSE(matches(pattern, R"({"time": "2017-10"})"));
}

TEST(EventPatternPrefix, IsCaseSensitive) {
  EXPECT_FALSE(matches(R"({"s": [{"prefix": "Event"}]})", R"({"s": "eventbridge"})"));
}

TEST(EventPatternPrefix, NeverMatchesNonStrings) {
  EXPECT_FALSE(matches(R"({"n": [{"prefix": "1"}]})", R"({"n": 123})"));
  EXPECT_FALSE(matches(R"({"n": [{"prefix": "t"}]})", R"({"n": true})"));
}

TEST(EventPatternPrefix, EqualsIgnoreCaseVariantFoldsCase) {
  const std::string pattern = R"({"service": [{"prefix": {"equals-ignore-case": "EventB"}}]})";
  EXPECT_TRUE(matches(pattern, R"({"service": "eventbridge"})"));
  EXPECT_TRUE(matches(pattern, R"({"service": "EVENTBRIDGE"})"));
  EXPECT_FALSE(matches(pattern, R"({"service": "event"})"));
  EXPECT_FALSE(matches(pattern, R"({"service": "xeventb"})"));
}

TEST(EventPatternPrefix, EmptyPrefixMatchesEveryString) {
  EXPECT_TRUE(matches(R"({"s": [{"prefix": ""}]})", R"({"s": ""})"));
  EXPECT_FALSE(matches(R"({"s": [{"prefix": ""}]})", R"({"s": null})"));
}

TEST(EventPatternSuffix, MatchesStringsEndingWithSuffix) {
  const std::string pattern = R"({"FileName": [{"suffix": ".png"}]})";
  EXPECT_TRUE(matches(pattern, R"({"FileName": "image.png"})"));
  EXPECT_FALSE(matches(pattern, R"({"FileName": "image.PNG"})"));
  EXPECT_FALSE(matches(pattern, R"({"FileName": "png"})"));
  EXPECT_FALSE(matches(pattern, R"({"FileName": 5})"));
}

TEST(EventPatternSuffix, EqualsIgnoreCaseVariantFoldsCase) {
  const std::string pattern = R"({"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]})";
  EXPECT_TRUE(matches(pattern, R"({"FileName": "image.PNG"})"));
  EXPECT_TRUE(matches(pattern, R"({"FileName": "image.pNg"})"));
  EXPECT_FALSE(matches(pattern, R"({"FileName": "image.jpg"})"));
  EXPECT_FALSE(matches(pattern, R"({"FileName": "PNG"})"));
}

TEST(EventPatternEqualsIgnoreCase, MatchesAnyCasing) {
  const std::string pattern = R"({"name": [{"equals-ignore-case": "alice"}]})";
  EXPECT_TRUE(matches(pattern, R"({"name": "ALICE"})"));
  EXPECT_TRUE(matches(pattern, R"({"name": "aLiCe"})"));
  EXPECT_FALSE(matches(pattern, R"({"name": "alice "})"));
  EXPECT_FALSE(matches(pattern, R"({"name": "alicia"})"));
}

TEST(EventPatternEqualsIgnoreCase, FoldsAsciiOnly) {
  EXPECT_TRUE(matches(R"({"n": [{"equals-ignore-case": "CAFé"}]})", R"({"n": "café"})"));
  EXPECT_FALSE(matches(R"({"n": [{"equals-ignore-case": "café"}]})", R"({"n": "CAFÉ"})"));
}

TEST(EventPatternAnythingBut, MatchesAnyOtherString) {
  const std::string pattern = R"({"state": [{"anything-but": "initializing"}]})";
  EXPECT_TRUE(matches(pattern, R"({"state": "running"})"));
  EXPECT_FALSE(matches(pattern, R"({"state": "initializing"})"));
}

TEST(EventPatternAnythingBut, RequiresTheFieldToBePresent) {
  EXPECT_FALSE(matches(R"({"state": [{"anything-but": "x"}]})", R"({"other": "y"})"));
  EXPECT_FALSE(matches(R"({"state": [{"anything-but": "x"}]})", R"({"state": []})"));
}

TEST(EventPatternAnythingBut, ExcludesEveryListedValue) {
  const std::string pattern = R"({"state": [{"anything-but": ["stopped", "overloaded"]}]})";
  EXPECT_TRUE(matches(pattern, R"({"state": "running"})"));
  EXPECT_FALSE(matches(pattern, R"({"state": "stopped"})"));
  EXPECT_FALSE(matches(pattern, R"({"state": "overloaded"})"));
}

TEST(EventPatternAnythingBut, ExcludesNumbersNumerically) {
  const std::string pattern = R"({"x-limit": [{"anything-but": [100, 200]}]})";
  EXPECT_TRUE(matches(pattern, R"({"x-limit": 150})"));
  EXPECT_FALSE(matches(pattern, R"({"x-limit": 1e2})"));
  EXPECT_FALSE(matches(pattern, R"({"x-limit": 200.0})"));
}

TEST(EventPatternAnythingBut, OtherTypesAreNotExcluded) {
  const std::string pattern = R"({"v": [{"anything-but": [5, "x"]}]})";
  EXPECT_TRUE(matches(pattern, R"({"v": "5"})"));
  EXPECT_TRUE(matches(pattern, R"({"v": true})"));
  EXPECT_TRUE(matches(pattern, R"({"v": null})"));
  EXPECT_FALSE(matches(pattern, R"({"v": "x"})"));
}

TEST(EventPatternAnythingBut, MatchesWhenAnyArrayElementIsNotExcluded) {
  const std::string pattern = R"({"tags": [{"anything-but": "a"}]})";
  EXPECT_TRUE(matches(pattern, R"({"tags": ["a", "b"]})"));
  EXPECT_FALSE(matches(pattern, R"({"tags": ["a", "a"]})"));
}

TEST(EventPatternAnythingBut, LongListsExcludeEveryValue) {
  std::string values;
  for (int i = 0; i < 30; ++i) {
    values += std::string(i ? ", " : "") + "\"s" + std::to_string(i) + "\"";
  }
  const std::string pattern = R"({"state": [{"anything-but": [)" + values + "]}]}";
  EXPECT_FALSE(matches(pattern, R"({"state": "s0"})"));
  EXPECT_FALSE(matches(pattern, R"({"state": "s17"})"));
  EXPECT_FALSE(matches(pattern, R"({"state": "s29"})"));
  EXPECT_TRUE(matches(pattern, R"({"state": "s30"})"));
}

TEST(EventPatternAnythingBut, PrefixExcludesStringsWithThatPrefix) {
  const std::string pattern = R"({"Region": [{"anything-but": {"prefix": "us-"}}]})";
  EXPECT_TRUE(matches(pattern, R"({"Region": "eu-west-1"})"));
  EXPECT_FALSE(matches(pattern, R"({"Region": "us-east-1"})"));
  EXPECT_FALSE(matches(pattern, R"({"Region": 5})"));  // string tests apply to strings only
}

TEST(EventPatternAnythingBut, SuffixExcludesStringsWithThatSuffix) {
  const std::string pattern = R"({"FileName": [{"anything-but": {"suffix": ".png"}}]})";
  EXPECT_TRUE(matches(pattern, R"({"FileName": "a.jpg"})"));
  EXPECT_FALSE(matches(pattern, R"({"FileName": "a.png"})"));
}

TEST(EventPatternAnythingBut, EqualsIgnoreCaseExcludesAnyCasing) {
  const std::string pattern =
      R"({"state": [{"anything-but": {"equals-ignore-case": ["Init", "STOPPED"]}}]})";
  EXPECT_TRUE(matches(pattern, R"({"state": "running"})"));
  EXPECT_FALSE(matches(pattern, R"({"state": "INIT"})"));
  EXPECT_FALSE(matches(pattern, R"({"state": "stopped"})"));
}

TEST(EventPatternAnythingBut, WildcardExcludesMatchingStrings) {
  const std::string pattern = R"({"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]})";
  EXPECT_TRUE(matches(pattern, R"({"FilePath": "/usr/bin/env"})"));
  EXPECT_FALSE(matches(pattern, R"({"FilePath": "/usr/lib/libc.so"})"));
}

TEST(EventPatternNumeric, MatchesWithinRange) {
  const std::string pattern = R"({"c-count": [{"numeric": [">", 0, "<=", 5]}]})";
  EXPECT_TRUE(matches(pattern, R"({"c-count": 5})"));
  EXPECT_TRUE(matches(pattern, R"({"c-count": 0.001})"));
  EXPECT_FALSE(matches(pattern, R"({"c-count": 0})"));
  EXPECT_FALSE(matches(pattern, R"({"c-count": 5.0001})"));
  EXPECT_FALSE(matches(pattern, R"({"c-count": -3})"));
}

TEST(EventPatternNumeric, BoundsOrderDoesNotMatter) {
  const std::string pattern = R"({"n": [{"numeric": ["<", 10, ">=", 10e-1]}]})";
  EXPECT_TRUE(matches(pattern, R"({"n": 1})"));
  EXPECT_TRUE(matches(pattern, R"({"n": 9.99})"));
  EXPECT_FALSE(matches(pattern, R"({"n": 10})"));
  EXPECT_FALSE(matches(pattern, R"({"n": 0.99})"));
}

TEST(EventPatternNumeric, SingleComparisons) {
  EXPECT_TRUE(matches(R"({"n": [{"numeric": ["<", 0]}]})", R"({"n": -1e-9})"));
  EXPECT_FALSE(matches(R"({"n": [{"numeric": ["<", 0]}]})", R"({"n": 0})"));
  EXPECT_TRUE(matches(R"({"n": [{"numeric": [">=", 7]}]})", R"({"n": 7})"));
  EXPECT_TRUE(matches(R"({"n": [{"numeric": ["=", 300]}]})", R"({"n": 3.0e2})"));
  EXPECT_FALSE(matches(R"({"n": [{"numeric": ["=", 300]}]})", R"({"n": 300.5})"));
}

TEST(EventPatternNumeric, HandlesLargeAndNegativeValues) {
  EXPECT_TRUE(matches(R"({"n": [{"numeric": [">", 1e300]}]})", R"({"n": 1e301})"));
  EXPECT_TRUE(matches(R"({"n": [{"numeric": [">", -5e9, "<", -4e9]}]})", R"({"n": -4500000000})"));
  EXPECT_TRUE(matches(R"({"n": [{"numeric": [">", 1e18]}]})", R"({"n": 18446744073709551615})"));
}

TEST(EventPatternNumeric, NeverMatchesNonNumbers) {
  const std::string pattern = R"({"n": [{"numeric": [">", 0]}]})";
  EXPECT_FALSE(matches(pattern, R"({"n": "5"})"));
  EXPECT_FALSE(matches(pattern, R"({"n": true})"));
  EXPECT_FALSE(matches(pattern, R"({"n": null})"));
  EXPECT_FALSE(matches(pattern, R"({"m": 5})"));
}

TEST(EventPatternNumeric, MatchesAnyNumberInAnArray) {
  EXPECT_TRUE(matches(R"({"n": [{"numeric": [">", 10]}]})", R"({"n": [1, 2, 30]})"));
  EXPECT_FALSE(matches(R"({"n": [{"numeric": [">", 10]}]})", R"({"n": [1, 2, 3]})"));
}

TEST(EventPatternExists, TrueMatchesAnyPresentValue) {
  const std::string pattern = R"({"detail": {"state": [{"exists": true}]}})";
  EXPECT_TRUE(matches(pattern, R"({"detail": {"state": "x"}})"));
  EXPECT_TRUE(matches(pattern, R"({"detail": {"state": 0}})"));
  EXPECT_TRUE(matches(pattern, R"({"detail": {"state": null}})"));
  EXPECT_TRUE(matches(pattern, R"({"detail": {"state": [false]}})"));
  EXPECT_FALSE(matches(pattern, R"({"detail": {"other": "x"}})"));
  EXPECT_FALSE(matches(pattern, R"({"detail": "state"})"));
}

TEST(EventPatternExists, TrueDoesNotMatchObjectsOrEmptyArrays) {
  const std::string pattern = R"({"state": [{"exists": true}]})";
  EXPECT_FALSE(matches(pattern, R"({"state": {"a": 1}})"));
  EXPECT_FALSE(matches(pattern, R"({"state": []})"));
}

TEST(EventPatternExists, FalseMatchesOnlyWhenAbsent) {
  const std::string pattern = R"({"detail": {"state": [{"exists": false}]}})";
  EXPECT_TRUE(matches(pattern, R"({"detail": {"other": "x"}})"));
  EXPECT_TRUE(matches(pattern, R"({"source": "x"})"));
  EXPECT_TRUE(matches(pattern, "{}"));
  EXPECT_FALSE(matches(pattern, R"({"detail": {"state": "x"}})"));
  EXPECT_FALSE(matches(pattern, R"({"detail": {"state": null}})"));
}

TEST(EventPatternExists, FalseCombinesWithOtherFields) {
  const std::string pattern = R"({"source": ["a"], "error": [{"exists": false}]})";
  EXPECT_TRUE(matches(pattern, R"({"source": "a"})"));
  EXPECT_FALSE(matches(pattern, R"({"source": "a", "error": "boom"})"));
  EXPECT_FALSE(matches(pattern, R"({"source": "b"})"));
}

TEST(EventPatternExists, FalseOrValueMatchesEither) {
  const std::string pattern = R"({"v": [{"exists": false}, "x"]})";
  EXPECT_TRUE(matches(pattern, "{}"));
  EXPECT_TRUE(matches(pattern, R"({"v": "x"})"));
  EXPECT_FALSE(matches(pattern, R"({"v": "y"})"));
}

TEST(EventPatternWildcard, StarMatchesAnyRun) {
  const std::string pattern =
      R"({"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]})";
  EXPECT_TRUE(
      matches(pattern, R"({"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/b"})"));
  EXPECT_TRUE(matches(pattern, R"({"EventBusArn": "arn:aws:events:us-east-1::event-bus/"})"));
  EXPECT_FALSE(
      matches(pattern, R"({"EventBusArn": "arn:aws:events:us-west-2:123456789012:event-bus/b"})"));
}

TEST(EventPatternWildcard, AnchorsBothEndsUnlessStarred) {
  EXPECT_TRUE(matches(R"({"f": [{"wildcard": "a*b"}]})", R"({"f": "ab"})"));
  EXPECT_TRUE(matches(R"({"f": [{"wildcard": "a*b"}]})", R"({"f": "axxb"})"));
  EXPECT_FALSE(matches(R"({"f": [{"wildcard": "a*b"}]})", R"({"f": "axxbc"})"));
  EXPECT_FALSE(matches(R"({"f": [{"wildcard": "a*b"}]})", R"({"f": "a"})"));
  EXPECT_TRUE(matches(R"({"f": [{"wildcard": "*.png"}]})", R"({"f": "dir/x.png"})"));
  EXPECT_TRUE(matches(R"({"f": [{"wildcard": "dir/*"}]})", R"({"f": "dir/"})"));
  EXPECT_TRUE(matches(R"({"f": [{"wildcard": "*"}]})", R"({"f": ""})"));
  EXPECT_FALSE(matches(R"({"f": [{"wildcard": "*"}]})", R"({"f": 1})"));
}

TEST(EventPatternWildcard, SeveralStarsPlaceSegmentsInOrder) {
  const std::string pattern = R"({"f": [{"wildcard": "*a*b*c*"}]})";
  EXPECT_TRUE(matches(pattern, R"({"f": "xaxbxcx"})"));
  EXPECT_TRUE(matches(pattern, R"({"f": "abc"})"));
  EXPECT_FALSE(matches(pattern, R"({"f": "cba"})"));
  EXPECT_TRUE(matches(R"({"f": [{"wildcard": "ab*ab"}]})", R"({"f": "abab"})"));
  EXPECT_FALSE(matches(R"({"f": [{"wildcard": "ab*ab"}]})", R"({"f": "aba"})"));
}

TEST(EventPatternWildcard, EscapedStarIsLiteral) {
  const std::string pattern = R"({"f": [{"wildcard": "a\\*b*"}]})";  // YAML/JSON text: a\*b*
  EXPECT_TRUE(matches(pattern, R"({"f": "a*bc"})"));
  EXPECT_FALSE(matches(pattern, R"({"f": "axbc"})"));
  EXPECT_TRUE(matches(R"({"f": [{"wildcard": "a\\\\b"}]})", R"({"f": "a\\b"})"));
}

TEST(EventPatternWildcard, WithoutStarIsExact) {
  EXPECT_TRUE(matches(R"({"f": [{"wildcard": "abc"}]})", R"({"f": "abc"})"));
  EXPECT_FALSE(matches(R"({"f": [{"wildcard": "abc"}]})", R"({"f": "abcd"})"));
}

TEST(EventPatternCidr, MatchesIpv4AddressesInBlock) {
  const std::string pattern = R"({"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]})";
  EXPECT_TRUE(matches(pattern, R"({"sourceIPAddress": "10.0.0.255"})"));
  EXPECT_TRUE(matches(pattern, R"({"sourceIPAddress": "10.0.0.0"})"));
  EXPECT_FALSE(matches(pattern, R"({"sourceIPAddress": "10.0.1.0"})"));
  EXPECT_FALSE(matches(pattern, R"({"sourceIPAddress": "not an ip"})"));
  EXPECT_FALSE(matches(pattern, R"({"sourceIPAddress": "::ffff:10.0.0.1"})"));
}

TEST(EventPatternCidr, HandlesPartialBytesAndIpv6) {
  EXPECT_TRUE(matches(R"({"ip": [{"cidr": "192.168.0.0/20"}]})", R"({"ip": "192.168.15.1"})"));
  EXPECT_FALSE(matches(R"({"ip": [{"cidr": "192.168.0.0/20"}]})", R"({"ip": "192.168.16.1"})"));
  EXPECT_TRUE(matches(R"({"ip": [{"cidr": "2001:db8::/32"}]})", R"({"ip": "2001:db8:ff::1"})"));
  EXPECT_FALSE(matches(R"({"ip": [{"cidr": "2001:db8::/32"}]})", R"({"ip": "2001:db9::1"})"));
  EXPECT_TRUE(matches(R"({"ip": [{"cidr": "0.0.0.0/0"}]})", R"({"ip": "8.8.8.8"})"));
}

TEST(EventPatternMixedMatchers, AnyMatcherInTheLeafSuffices) {
  const std::string pattern =
      R"({"v": ["exact", {"prefix": "pre-"}, {"numeric": [">", 100]}, null, false]})";
  EXPECT_TRUE(matches(pattern, R"({"v": "exact"})"));
  EXPECT_TRUE(matches(pattern, R"({"v": "pre-x"})"));
  EXPECT_TRUE(matches(pattern, R"({"v": 101})"));
  EXPECT_TRUE(matches(pattern, R"({"v": null})"));
  EXPECT_TRUE(matches(pattern, R"({"v": false})"));
  EXPECT_FALSE(matches(pattern, R"({"v": true})"));
  EXPECT_FALSE(matches(pattern, R"({"v": 100})"));
  EXPECT_EQ(matchText(pattern, R"({"v": "other"})"), MatchResult::kNoMatch);
}

}  // namespace
}  // namespace switchyard::router
