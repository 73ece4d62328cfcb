#include <gtest/gtest.h>

#include <string>

#include "dispatcher/router/event_pattern.h"
#include "tests/dispatcher/router/pattern_test_util.h"

// Compile errors: each names file:line:col of the offending node, the key path and what was
// expected. Line and column are 1-based; key paths start at the caller's (triggers.hook.filter).
namespace switchyard::router {
namespace {

using testing::compileError;
using testing::compilePattern;

TEST(EventPatternCompileErrors, ScalarLeafAsksForAnArray) {
  EXPECT_EQ(compileError("source: order\n"),
            "rules.yaml:1:9: triggers.hook.filter.source: EventBridge patterns put values in "
            "arrays: write [\"order\"]");
  EXPECT_EQ(compileError("detail:\n  total: 5\n"),
            "rules.yaml:2:10: triggers.hook.filter.detail.total: EventBridge patterns put values "
            "in arrays: write [5]");
}

TEST(EventPatternCompileErrors, NullLeafPointsAtTheKey) {
  EXPECT_EQ(compileError("detail:\n  status:\nsource: [a]\n"),
            "rules.yaml:2:3: triggers.hook.filter.detail.status: EventBridge patterns put values "
            "in arrays: write [null]");
}

TEST(EventPatternCompileErrors, EmptyArrayMatchesNothing) {
  EXPECT_EQ(compileError(R"({"source": []})"),
            "rules.yaml:1:12: triggers.hook.filter.source: an empty list matches nothing; list at "
            "least one value");
}

TEST(EventPatternCompileErrors, EmptyNestedObjectIsRejected) {
  EXPECT_EQ(compileError(R"({"detail": {}})"),
            "rules.yaml:1:12: triggers.hook.filter.detail: an empty object tests nothing; remove "
            "the field or add fields to it");
}

TEST(EventPatternCompileErrors, TopLevelMustBeAnObject) {
  EXPECT_EQ(compileError(R"(["a"])"),
            "rules.yaml:1:1: triggers.hook.filter: an event pattern is an object of field names, "
            "like {\"source\": [\"orders\"]}; got a list");
  EXPECT_EQ(compileError("'just text'"),
            "rules.yaml:1:1: triggers.hook.filter: an event pattern is an object of field names, "
            "like {\"source\": [\"orders\"]}; got \"just text\"");
}

TEST(EventPatternCompileErrors, UnknownMatcherSuggestsTheClosest) {
  EXPECT_EQ(compileError("detail:\n  name: [{prefx: ab}]\n"),
            "rules.yaml:2:11: triggers.hook.filter.detail.name: unknown matcher \"prefx\"; did "
            "you mean \"prefix\"?");
  EXPECT_EQ(compileError(R"({"a": [{"anythingbut": "x"}]})"),
            "rules.yaml:1:9: triggers.hook.filter.a: unknown matcher \"anythingbut\"; did you "
            "mean \"anything-but\"?");
  EXPECT_EQ(compileError(R"({"a": [{"equals-ignore-cases": "x"}]})"),
            "rules.yaml:1:9: triggers.hook.filter.a: unknown matcher \"equals-ignore-cases\"; did "
            "you mean \"equals-ignore-case\"?");
}

TEST(EventPatternCompileErrors, UnknownMatcherWithoutCloseMatchListsKeywords) {
  EXPECT_EQ(compileError(R"({"a": [{"regex": "x"}]})"),
            "rules.yaml:1:9: triggers.hook.filter.a: unknown matcher \"regex\"; expected one of "
            "prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists, cidr");
}

TEST(EventPatternCompileErrors, MatcherObjectNeedsExactlyOneKey) {
  EXPECT_EQ(compileError(R"({"a": [{"prefix": "x", "suffix": "y"}]})"),
            "rules.yaml:1:8: triggers.hook.filter.a: a matcher object has exactly one key, like "
            "{\"prefix\": \"x\"}; got 2");
}

TEST(EventPatternCompileErrors, NestedListInLeafIsRejected) {
  EXPECT_EQ(compileError(R"({"a": [["x"]]})"),
            "rules.yaml:1:8: triggers.hook.filter.a: a matcher is a value or an object like "
            "{\"prefix\": \"x\"}, got a list");
}

TEST(EventPatternCompileErrors, NumericOperandMustBeANumber) {
  EXPECT_EQ(compileError("detail:\n  price:\n    - numeric: ['>', abc]\n"),
            "rules.yaml:3:22: triggers.hook.filter.detail.price: \"numeric\" expects an operator "
            "followed by a number, got \"abc\"");
  EXPECT_EQ(compileError(R"({"p": [{"numeric": [">", "5"]}]})"),
            "rules.yaml:1:26: triggers.hook.filter.p: \"numeric\" expects an operator followed by "
            "a number, got \"5\"");
  EXPECT_EQ(compileError(R"({"p": [{"numeric": [5, ">"]}]})"),
            "rules.yaml:1:21: triggers.hook.filter.p: \"numeric\" expects an operator followed by "
            "a number, got 5");
}

TEST(EventPatternCompileErrors, NumericUnknownOperator) {
  EXPECT_EQ(compileError(R"({"p": [{"numeric": ["=>", 5]}]})"),
            "rules.yaml:1:21: triggers.hook.filter.p: \"numeric\": unknown operator \"=>\"; use "
            "one of =, <, <=, >, >=");
}

TEST(EventPatternCompileErrors, NumericLowerAboveUpperIsEmpty) {
  EXPECT_EQ(compileError(R"({"p": [{"numeric": [">", 10, "<", 5]}]})"),
            "rules.yaml:1:20: triggers.hook.filter.p: \"numeric\" range is empty: the lower bound "
            "10 is not below the upper bound 5");
  EXPECT_EQ(compileError(R"({"p": [{"numeric": ["<", 5, ">=", 5]}]})"),
            "rules.yaml:1:20: triggers.hook.filter.p: \"numeric\" range is empty: the lower bound "
            "5 is not below the upper bound 5");
}

TEST(EventPatternCompileErrors, NumericBoundsMustBeOneLowerAndOneUpper) {
  EXPECT_EQ(compileError(R"({"p": [{"numeric": [">", 1, ">=", 2]}]})"),
            "rules.yaml:1:29: triggers.hook.filter.p: \"numeric\" has two lower bounds; use at "
            "most one of > >= and one of < <=");
  EXPECT_EQ(compileError(R"({"p": [{"numeric": ["=", 1, "<", 2]}]})"),
            "rules.yaml:1:29: triggers.hook.filter.p: \"numeric\": \"=\" cannot be combined with "
            "another comparison");
  EXPECT_EQ(compileError(R"({"p": [{"numeric": [">", 1, "<"]}]})"),
            "rules.yaml:1:29: triggers.hook.filter.p: \"numeric\": operator \"<\" needs a number "
            "after it");
  EXPECT_EQ(compileError(R"({"p": [{"numeric": [">", 1, "<", 9, "<", 3]}]})"),
            "rules.yaml:1:37: triggers.hook.filter.p: \"numeric\" takes at most two comparisons, "
            "a lower and an upper bound, like [\">\", 0, \"<=\", 5]");
  EXPECT_EQ(compileError(R"({"p": [{"numeric": ">5"}]})"),
            "rules.yaml:1:20: triggers.hook.filter.p: \"numeric\" expects a list of comparisons "
            "like [\">\", 0, \"<=\", 5], got \">5\"");
}

TEST(EventPatternCompileErrors, WildcardRejectsConsecutiveStars) {
  EXPECT_EQ(compileError(R"({"f": [{"wildcard": "a**b"}]})"),
            "rules.yaml:1:21: triggers.hook.filter.f: \"wildcard\" pattern \"a**b\" has "
            "consecutive '*'; a single '*' already matches any run");
}

TEST(EventPatternCompileErrors, WildcardRejectsUnknownEscapes) {
  EXPECT_EQ(compileError(R"({"f": [{"wildcard": "a\\b"}]})"),
            R"(rules.yaml:1:21: triggers.hook.filter.f: "wildcard" pattern "a\b": '\' must be )"
            R"(followed by '*' or '\')");
}

TEST(EventPatternCompileErrors, ExistsNeedsABoolean) {
  EXPECT_EQ(compileError("state:\n  - exists: yes\n"),
            "rules.yaml:2:13: triggers.hook.filter.state: \"exists\" expects true or false, got "
            "\"yes\"");
  EXPECT_EQ(compileError(R"({"s": [{"exists": "true"}]})"),
            "rules.yaml:1:19: triggers.hook.filter.s: \"exists\" expects true or false, got "
            "\"true\"");
}

TEST(EventPatternCompileErrors, StringOperatorsNeedStrings) {
  EXPECT_EQ(compileError(R"({"s": [{"prefix": 5}]})"),
            "rules.yaml:1:19: triggers.hook.filter.s: \"prefix\" expects a string, got 5");
  EXPECT_EQ(compileError(R"({"s": [{"suffix": {"equals-ignore-case": null}}]})"),
            "rules.yaml:1:42: triggers.hook.filter.s: \"equals-ignore-case\" expects a string, "
            "got null");
  EXPECT_EQ(compileError(R"({"s": [{"prefix": {"wildcard": "x"}}]})"),
            "rules.yaml:1:20: triggers.hook.filter.s: \"prefix\" takes a string or "
            "{\"equals-ignore-case\": \"...\"}, got \"wildcard\"");
}

TEST(EventPatternCompileErrors, CidrMustBeABlock) {
  EXPECT_EQ(compileError(R"({"ip": [{"cidr": "10.0.0.0/33"}]})"),
            "rules.yaml:1:18: triggers.hook.filter.ip: \"cidr\" expects an address block like "
            "\"10.0.0.0/24\", got \"10.0.0.0/33\"");
}

TEST(EventPatternCompileErrors, AnythingButRejectsBadOperands) {
  EXPECT_EQ(compileError(R"({"s": [{"anything-but": [true]}]})"),
            "rules.yaml:1:26: triggers.hook.filter.s: \"anything-but\" takes strings or numbers, "
            "got true");
  EXPECT_EQ(compileError(R"({"s": [{"anything-but": {"prefx": "a"}}]})"),
            "rules.yaml:1:26: triggers.hook.filter.s: unknown anything-but matcher \"prefx\"; did "
            "you mean \"prefix\"?");
  EXPECT_EQ(compileError(R"({"s": [{"anything-but": []}]})"),
            "rules.yaml:1:25: triggers.hook.filter.s: an empty list matches nothing; list at "
            "least one value");
  EXPECT_EQ(compileError(R"({"s": [{"anything-but": null}]})"),
            "rules.yaml:1:25: triggers.hook.filter.s: \"anything-but\" expects a string, a number, "
            "a list of them, or an object like {\"prefix\": \"x\"}; got null");
}

TEST(EventPatternCompileErrors, OrNeedsAListOfPatterns) {
  EXPECT_EQ(compileError(R"({"$or": {"a": [1]}})"),
            "rules.yaml:1:9: triggers.hook.filter.$or: \"$or\" expects a non-empty list of "
            "patterns, like [{\"a\": [1]}, {\"b\": [2]}]; got an object");
  EXPECT_EQ(compileError(R"({"$or": [{"a": [1]}, []]})"),
            "rules.yaml:1:22: triggers.hook.filter.$or[1]: each \"$or\" entry is a non-empty "
            "pattern object, got a list");
}

TEST(EventPatternCompileErrors, ErrorsInsideOrNameTheBranch) {
  EXPECT_EQ(compileError(R"({"$or": [{"a": [1]}, {"b": "x"}]})"),
            "rules.yaml:1:28: triggers.hook.filter.$or[1].b: EventBridge patterns put values in "
            "arrays: write [\"x\"]");
}

TEST(EventPatternCompileErrors, DuplicateFieldsAreRejected) {
  EXPECT_EQ(compileError("a: [1]\nb: [2]\na: [3]\n"),
            "rules.yaml:3:1: triggers.hook.filter: duplicate field \"a\"");
}

TEST(EventPatternCompileErrors, NestingTooDeep) {
  std::string pattern;
  for (int i = 0; i < 33; ++i) {
    pattern += R"({"k": )";
  }
  pattern += "[1]" + std::string(33, '}');
  EXPECT_EQ(
      compileError(pattern), "rules.yaml:1:193: triggers.hook.filter" + [] {
        std::string path;
        for (int i = 0; i < 32; ++i) {
          path += ".k";
        }
        return path;
      }() + ": pattern nests deeper than 32 levels");
}

TEST(EventPatternCompileErrors, OrExpansionIsCapped) {
  // Six $or fields of four branches each: 4^6 = 4096 alternatives.
  std::string pattern = "{";
  for (int field = 0; field < 6; ++field) {
    pattern += std::string(field ? ", " : "") + "\"f" + std::to_string(field) +
               R"(": {"$or": [{"a": [1]}, {"b": [2]}, {"c": [3]}, {"d": [4]}]})";
  }
  pattern += "}";
  const std::string error = compileError(pattern);
  EXPECT_EQ(error,
            "rules.yaml:1:327: triggers.hook.filter: pattern expands to more than 1024 "
            "alternatives ($or combinations multiply); split it into several triggers or "
            "simplify");
}

TEST(EventPatternCompileErrors, TooManyFieldsIsTooLarge) {
  std::string pattern = "{";
  for (int i = 0; i <= 256; ++i) {
    pattern += std::string(i ? ", " : "") + "\"f" + std::to_string(i) + "\": [1]";
  }
  pattern += "}";
  const std::string error = compileError(pattern);
  EXPECT_NE(error.find("triggers.hook.filter.f256: pattern too large: more than 256 fields to "
                       "test"),
            std::string::npos)
      << error;
}

TEST(EventPatternCompileErrors, TooManyValuesIsTooLarge) {
  std::string values;
  for (int i = 0; i <= 4096; ++i) {
    values += std::string(i ? ", " : "") + std::to_string(i);
  }
  const std::string error = compileError(R"({"n": [)" + values + "]}");
  EXPECT_NE(error.find("triggers.hook.filter.n: pattern too large: more than 4096 values"),
            std::string::npos)
      << error;
}

TEST(EventPatternCompileErrors, LimitsAreNotHitByReasonablePatterns) {
  std::string values;
  for (int i = 0; i < 1000; ++i) {
    values += std::string(i ? ", " : "") + "\"v" + std::to_string(i) + "\"";
  }
  EXPECT_TRUE(compilePattern(R"({"n": [)" + values + "]}").ok());
}

TEST(EventPatternCompileErrors, ErrorsUseTheCallersFileAndKeyPath) {
  Result<EventPattern> pattern =
      EventPattern::compile(YAML::Load("a: b"), "other.yaml", "triggers.x.functions[0].filter");
  ASSERT_FALSE(pattern.ok());
  EXPECT_EQ(pattern.error().message,
            "other.yaml:1:4: triggers.x.functions[0].filter.a: EventBridge patterns put values "
            "in arrays: write [\"b\"]");
}

}  // namespace
}  // namespace switchyard::router
