#include "dispatcher/router/event_pattern.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "tests/dispatcher/router/pattern_test_util.h"

namespace switchyard::router {
namespace {

using testing::compilePattern;
using testing::matches;
using testing::matchText;
using testing::mustCompile;

constexpr const char* kOrderEvent = R"({
  "version": "0", "id": "6a7e8feb", "detail-type": "Order Placed", "source": "shop.orders",
  "account": "123456789012", "time": "2024-05-01T12:00:00Z", "region": "eu-west-1",
  "resources": ["arn:aws:shop:order/1"],
  "detail": {"orderId": "o-1", "status": "placed", "total": 300, "currency": "EUR",
             "customer": {"tier": "gold", "country": "NL"}, "flags": null, "paid": true,
             "items": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}]}
})";

TEST(EventPatternEmpty, NullPatternMatchesEveryObject) {
  EventPattern pattern = mustCompile("");
  EXPECT_TRUE(pattern.matchesEverything());
  EXPECT_EQ(pattern.match("{}"), MatchResult::kMatch);
  EXPECT_EQ(pattern.match(kOrderEvent), MatchResult::kMatch);
}

TEST(EventPatternEmpty, EmptyObjectPatternMatchesEveryObject) {
  EventPattern pattern = mustCompile("{}");
  EXPECT_TRUE(pattern.matchesEverything());
  EXPECT_EQ(pattern.match(R"({"a": [1, {"b": null}]})"), MatchResult::kMatch);
}

TEST(EventPatternEmpty, NonEmptyPatternDoesNotMatchEverything) {
  EXPECT_FALSE(mustCompile(R"({"source": ["a"]})").matchesEverything());
}

TEST(EventPatternEmpty, EmptyPatternStillRejectsNonObjects) {
  EventPattern pattern = mustCompile("{}");
  EXPECT_EQ(pattern.match("[]"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match("42"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match(""), MatchResult::kNotJson);
}

TEST(EventPatternExact, MatchesEqualString) {
  EXPECT_TRUE(matches(R"({"source": ["shop.orders"]})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"source": ["shop.refunds"]})", kOrderEvent));
}

TEST(EventPatternExact, AnyValueInTheListMatches) {
  EXPECT_TRUE(matches(R"({"source": ["a", "b", "shop.orders"]})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"source": ["a", "b", "c"]})", kOrderEvent));
}

TEST(EventPatternExact, LongValueListsMatchViaSortedSearch) {
  std::string values;
  for (int i = 0; i < 40; ++i) {
    values += "\"v" + std::to_string(i) + "\", ";
  }
  const std::string pattern = R"({"source": [)" + values + R"("shop.orders"]})";
  EXPECT_TRUE(matches(pattern, kOrderEvent));
  EXPECT_TRUE(matches(pattern, R"({"source": "v17"})"));
  EXPECT_FALSE(matches(pattern, R"({"source": "v40"})"));
}

TEST(EventPatternExact, ThousandValuesAllMatchAndNothingElseDoes) {
  std::string values;
  for (int i = 0; i < 1000; ++i) {
    values += std::string(i ? ", " : "") + "\"value-" + std::to_string(i) + "\"";
  }
  EventPattern pattern = mustCompile(R"({"v": [)" + values + "]}");
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(pattern.match(R"({"v": "value-)" + std::to_string(i) + R"("})"), MatchResult::kMatch)
        << i;
  }
  EXPECT_EQ(pattern.match(R"({"v": "value-1000"})"), MatchResult::kNoMatch);
  EXPECT_EQ(pattern.match(R"({"v": "value-"})"), MatchResult::kNoMatch);
  EXPECT_EQ(pattern.match(R"({"v": ""})"), MatchResult::kNoMatch);
}

TEST(EventPatternExact, AllFieldsMustMatch) {
  EXPECT_TRUE(matches(R"({"source": ["shop.orders"], "region": ["eu-west-1"]})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"source": ["shop.orders"], "region": ["us-east-1"]})", kOrderEvent));
}

TEST(EventPatternExact, MissingFieldDoesNotMatch) {
  EXPECT_FALSE(matches(R"({"missing": ["x"]})", kOrderEvent));
}

TEST(EventPatternExact, NumbersCompareNumerically) {
  EXPECT_TRUE(matches(R"({"n": [300]})", R"({"n": 3.0e2})"));
  EXPECT_TRUE(matches(R"({"n": [3.0e2]})", R"({"n": 300})"));
  EXPECT_TRUE(matches(R"({"n": [-0.5]})", R"({"n": -5e-1})"));
  EXPECT_TRUE(matches(R"({"n": [0]})", R"({"n": -0})"));
  EXPECT_FALSE(matches(R"({"n": [300]})", R"({"n": 301})"));
}

TEST(EventPatternExact, StringsAndNumbersNeverEqual) {
  EXPECT_FALSE(matches(R"({"n": ["5"]})", R"({"n": 5})"));
  EXPECT_FALSE(matches(R"({"n": [5]})", R"({"n": "5"})"));
  EXPECT_TRUE(matches(R"({"n": ["5"]})", R"({"n": "5"})"));
}

TEST(EventPatternExact, YamlPlainScalarsAreTypedAndQuotedOnesAreStrings) {
  EXPECT_TRUE(matches("n: [5]", R"({"n": 5})"));
  EXPECT_TRUE(matches("n: ['5']", R"({"n": "5"})"));
  EXPECT_TRUE(matches("n: [order]", R"({"n": "order"})"));
  EXPECT_TRUE(matches("n: [true]", R"({"n": true})"));
  EXPECT_TRUE(matches("n: ['true']", R"({"n": "true"})"));
  EXPECT_FALSE(matches("n: ['true']", R"({"n": true})"));
  EXPECT_TRUE(matches("n: ['null']", R"({"n": "null"})"));
  EXPECT_FALSE(matches("n: ['null']", R"({"n": null})"));
  EXPECT_TRUE(matches("n: [0x10]", R"({"n": "0x10"})"));  // not a JSON number: a string
}

TEST(EventPatternExact, BooleansMatchByValue) {
  EXPECT_TRUE(matches(R"({"detail": {"paid": [true]}})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"detail": {"paid": [false]}})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"detail": {"paid": ["true"]}})", kOrderEvent));
}

TEST(EventPatternExact, NullMatchesOnlyNull) {
  EXPECT_TRUE(matches(R"({"detail": {"flags": [null]}})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"detail": {"flags": [""]}})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"detail": {"absent": [null]}})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"v": [null]})", R"({"v": ""})"));
}

TEST(EventPatternExact, EmptyStringMatchesOnlyEmptyString) {
  EXPECT_TRUE(matches(R"({"v": [""]})", R"({"v": ""})"));
  EXPECT_FALSE(matches(R"({"v": [""]})", R"({"v": null})"));
  EXPECT_FALSE(matches(R"({"v": [""]})", R"({"v": " "})"));
}

TEST(EventPatternEscapes, EventStringsAreComparedUnescaped) {
  EXPECT_TRUE(matches(R"({"msg": ["a\"b"]})", R"({"msg": "a\"b"})"));
  EXPECT_TRUE(matches(R"({"msg": ["café"]})", R"({"msg": "caf\u00e9"})"));
  EXPECT_TRUE(matches(R"({"msg": ["tab\there"]})", R"({"msg": "tab\u0009here"})"));
  EXPECT_TRUE(matches(R"({"msg": ["😀"]})", R"({"msg": "\ud83d\ude00"})"));
  EXPECT_FALSE(matches(R"({"msg": ["a\\b"]})", R"({"msg": "a\"b"})"));
}

TEST(EventPatternEscapes, EscapesAnywhereInLongStringsAreUnescaped) {
  EXPECT_TRUE(matches(R"({"msg": ["abcdefghijk\"lmnopqrstuvwxyz"]})",
                      R"({"msg": "abcdefghijk\"lmnopqrstuvwxyz"})"));
  EXPECT_TRUE(matches(R"({"msg": [{"prefix": "abcdefghijklmnop/"}]})",
                      R"({"msg": "abcdefghijklmnop\/rest"})"));
  EXPECT_TRUE(matches(R"({"a-long-field-name": ["v"]})", R"({"a-long-field-n\u0061me": "v"})"));
}

TEST(EventPatternEscapes, EscapedFieldNamesAreUnescaped) {
  EXPECT_TRUE(matches(R"({"ké y": ["v"]})", R"({"k\u00e9\u0020y": "v"})"));
  EXPECT_TRUE(matches(R"({"a\"b": ["v"]})", R"({"a\"b": "v"})"));
}

TEST(EventPatternNested, FieldNamesOfEveryLengthMustMatchExactly) {
  for (const std::string name : {"a", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop",
                                 "abcdefghijklmnopq", "a-rather-long-field-name-of-forty-chars"}) {
    const std::string pattern = R"({")" + name + R"(": ["v"]})";
    EXPECT_TRUE(matches(pattern, R"({")" + name + R"(": "v"})")) << name;
    std::string near_miss = name;
    near_miss.back() = 'Z';
    EXPECT_FALSE(matches(pattern, R"({")" + near_miss + R"(": "v"})")) << name;
    EXPECT_FALSE(matches(pattern, R"({")" + name + R"(x": "v"})")) << name;
  }
}

TEST(EventPatternNested, DescendsIntoObjects) {
  EXPECT_TRUE(matches(R"({"detail": {"customer": {"tier": ["gold"]}}})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"detail": {"customer": {"tier": ["silver"]}}})", kOrderEvent));
}

TEST(EventPatternNested, PathThroughScalarDoesNotMatch) {
  EXPECT_FALSE(matches(R"({"source": {"inner": ["x"]}})", kOrderEvent));
}

TEST(EventPatternNested, LeafOnObjectDoesNotMatch) {
  EXPECT_FALSE(matches(R"({"detail": ["x"]})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"detail": [{"exists": true}]})", kOrderEvent));
}

TEST(EventPatternNested, SameNameAtDifferentDepthsIsDistinct) {
  EXPECT_FALSE(matches(R"({"tier": ["gold"]})", kOrderEvent));
  EXPECT_TRUE(matches(R"({"a": {"a": ["x"]}})", R"({"a": {"a": "x"}})"));
  EXPECT_FALSE(matches(R"({"a": {"a": ["x"]}})", R"({"a": "x"})"));
}

TEST(EventPatternNested, DeepPatternsMatchDeepEvents) {
  std::string pattern;
  std::string event;
  for (int i = 0; i < 31; ++i) {
    pattern += R"({"k": )";
    event += R"({"k": )";
  }
  pattern += R"(["deep"])" + std::string(31, '}');
  event += R"("deep")" + std::string(31, '}');
  EXPECT_TRUE(matches(pattern, event));
}

TEST(EventPatternArrays, AnyElementOfAnEventArrayMatches) {
  EXPECT_TRUE(matches(R"({"resources": ["arn:aws:shop:order/1"]})", kOrderEvent));
  EXPECT_TRUE(matches(R"({"tags": ["b"]})", R"({"tags": ["a", "b", "c"]})"));
  EXPECT_FALSE(matches(R"({"tags": ["d"]})", R"({"tags": ["a", "b", "c"]})"));
}

TEST(EventPatternArrays, NestedArraysAreFlattened) {
  EXPECT_TRUE(matches(R"({"tags": [3]})", R"({"tags": [1, [2, [3]]]})"));
}

TEST(EventPatternArrays, EmptyArrayHasNoValues) {
  EXPECT_FALSE(matches(R"({"tags": ["a"]})", R"({"tags": []})"));
}

TEST(EventPatternArrays, DescendsIntoArraysOfObjects) {
  EXPECT_TRUE(matches(R"({"detail": {"items": {"sku": ["B-7"]}}})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"detail": {"items": {"sku": ["C-9"]}}})", kOrderEvent));
}

TEST(EventPatternArrays, ConditionsMaySatisfyFromDifferentElements) {
  // A documented simplification (pattern_program.h): sku "A-1" is in items[0] and qty 1 in
  // items[1]; EventBridge would require both in one element.
  EXPECT_TRUE(matches(R"({"detail": {"items": {"sku": ["A-1"], "qty": [1]}}})", kOrderEvent));
  EXPECT_FALSE(matches(R"({"detail": {"items": {"sku": ["A-1"], "qty": [5]}}})", kOrderEvent));
}

TEST(EventPatternOr, AnyBranchMatches) {
  const std::string pattern =
      R"({"$or": [{"source": ["shop.refunds"]}, {"detail": {"status": ["placed"]}}]})";
  EXPECT_TRUE(matches(pattern, kOrderEvent));
  EXPECT_FALSE(matches(pattern, R"({"source": "shop.orders", "detail": {"status": "x"}})"));
  EXPECT_TRUE(matches(pattern, R"({"source": "shop.refunds"})"));
}

TEST(EventPatternOr, CombinesWithSiblingFieldsByAnd) {
  const std::string pattern =
      R"({"source": ["shop.orders"], "$or": [{"region": ["us-east-1"]}, {"account": ["123456789012"]}]})";
  EXPECT_TRUE(matches(pattern, kOrderEvent));
  EXPECT_FALSE(matches(pattern, R"({"source": "shop.other", "account": "123456789012"})"));
  EXPECT_FALSE(matches(pattern, R"({"source": "shop.orders", "account": "999"})"));
}

TEST(EventPatternOr, WorksInsideNestedObjects) {
  const std::string pattern =
      R"({"detail": {"$or": [{"currency": ["USD"]}, {"total": [{"numeric": [">", 250]}]}]}})";
  EXPECT_TRUE(matches(pattern, kOrderEvent));
  EXPECT_FALSE(matches(pattern, R"({"detail": {"currency": "EUR", "total": 10}})"));
}

TEST(EventPatternOr, NestedOrsMultiplyOut) {
  const std::string pattern = R"({
    "$or": [{"a": [1]}, {"b": [2]}],
    "c": {"$or": [{"d": [3]}, {"$or": [{"e": [4]}, {"f": [5]}]}]}
  })";
  EXPECT_TRUE(matches(pattern, R"({"a": 1, "c": {"f": 5}})"));
  EXPECT_TRUE(matches(pattern, R"({"b": 2, "c": {"d": 3}})"));
  EXPECT_FALSE(matches(pattern, R"({"b": 2, "c": {"g": 3}})"));
  EXPECT_FALSE(matches(pattern, R"({"c": {"e": 4}})"));
}

TEST(EventPatternOr, SameFieldInSeveralBranchesIsTestedPerBranch) {
  const std::string pattern =
      R"({"$or": [{"n": [{"numeric": ["<", 0]}]}, {"n": [{"numeric": [">", 100]}]}]})";
  EXPECT_TRUE(matches(pattern, R"({"n": -1})"));
  EXPECT_TRUE(matches(pattern, R"({"n": 101})"));
  EXPECT_FALSE(matches(pattern, R"({"n": 50})"));
}

TEST(EventPatternNotJson, RejectsSyntaxErrors) {
  EventPattern pattern = mustCompile(R"({"source": ["a"]})");
  EXPECT_EQ(pattern.match(R"({"source": "a")"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match(R"({"source" "a"})"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match(R"({"source": "a",})"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match(R"({"source": tru})"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match(R"({"source": "unterminated})"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match("not json at all"), MatchResult::kNotJson);
}

TEST(EventPatternNotJson, RejectsTopLevelArraysAndScalars) {
  EventPattern pattern = mustCompile(R"({"source": ["a"]})");
  EXPECT_EQ(pattern.match(R"([{"source": "a"}])"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match(R"("source")"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match("null"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match("   "), MatchResult::kNotJson);
}

TEST(EventPatternNotJson, RejectsContentAfterTheObject) {
  EventPattern pattern = mustCompile(R"({"source": ["a"]})");
  EXPECT_EQ(pattern.match(R"({"source": "a"} {"source": "a"})"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match(R"({"source": "a"}])"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match("{\"source\": \"a\"}\n  "), MatchResult::kMatch);
}

TEST(EventPatternNotJson, RejectsInvalidUtf8) {
  EventPattern pattern = mustCompile(R"({"source": ["a"]})");
  EXPECT_EQ(pattern.match("{\"source\": \"\xff\"}"), MatchResult::kNotJson);
}

TEST(EventPatternNotJson, RejectsMalformedValuesTheWalkReads) {
  EventPattern pattern = mustCompile(R"({"n": [1]})");
  EXPECT_EQ(pattern.match(R"({"n": 01})"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match(R"({"n": -})"), MatchResult::kNotJson);
  EXPECT_EQ(pattern.match(R"({"n": nul})"), MatchResult::kNotJson);
}

TEST(EventPatternDeepEvents, DeeplyNestedEventsAreWalkedSafely) {
  EventPattern pattern = mustCompile(R"({"a": {"a": ["x"]}})");
  const std::string deep_arrays = R"({"a": )" + std::string(900, '[') + std::string(900, ']') + "}";
  EXPECT_EQ(pattern.match(deep_arrays), MatchResult::kNoMatch);
  std::string deep_objects;
  for (int i = 0; i < 900; ++i) {
    deep_objects += R"({"a": )";
  }
  deep_objects += "1" + std::string(900, '}');
  EXPECT_EQ(pattern.match(deep_objects), MatchResult::kNoMatch);
  EXPECT_EQ(pattern.match(std::string(5000, '[') + std::string(5000, ']')), MatchResult::kNotJson);
}

TEST(EventPatternPadded, MatchPaddedReadsOnlyTheGivenBytes) {
  EventPattern pattern = mustCompile(R"({"source": ["a"]})");
  const std::string text = R"({"source": "a"}{"source": "b"})";
  const simdjson::padded_string padded(text);
  EXPECT_EQ(pattern.matchPadded(std::string_view(padded.data(), 15)), MatchResult::kMatch);
}

TEST(EventPatternMove, MovedPatternKeepsMatching) {
  EventPattern original = mustCompile(R"({"source": ["a"]})");
  EventPattern moved = std::move(original);
  EXPECT_EQ(moved.match(R"({"source": "a"})"), MatchResult::kMatch);
  EventPattern assigned = mustCompile("{}");
  assigned = std::move(moved);
  EXPECT_EQ(assigned.match(R"({"source": "b"})"), MatchResult::kNoMatch);
}

TEST(EventPatternCompile, JsonAndYamlSpellingsCompileAlike) {
  EventPattern from_yaml = mustCompile("detail:\n  status: [placed]\n  total: [300]\n");
  EventPattern from_json = mustCompile(R"({"detail": {"status": ["placed"], "total": [300]}})");
  EXPECT_EQ(from_yaml.match(kOrderEvent), MatchResult::kMatch);
  EXPECT_EQ(from_json.match(kOrderEvent), MatchResult::kMatch);
  EXPECT_TRUE(compilePattern(R"({"source": ["a"]})").ok());
}

TEST(EventPatternMatchText, ResultsAreReportedDistinctly) {
  EXPECT_EQ(matchText(R"({"a": [1]})", R"({"a": 1})"), MatchResult::kMatch);
  EXPECT_EQ(matchText(R"({"a": [1]})", R"({"a": 2})"), MatchResult::kNoMatch);
  EXPECT_EQ(matchText(R"({"a": [1]})", R"({"a": 2)"), MatchResult::kNotJson);
}

}  // namespace
}  // namespace switchyard::router
