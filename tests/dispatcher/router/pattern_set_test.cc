#include "dispatcher/router/pattern_set.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/dispatcher/router/pattern_test_util.h"

namespace switchyard::router {
namespace {

using testing::mustCompile;

const std::vector<std::string> kPatterns = {
    R"({"source": ["shop.orders"]})",
    R"({"source": ["shop.orders"], "detail": {"total": [{"numeric": [">", 100]}]}})",
    R"({"detail": {"status": [{"anything-but": ["placed", "paid"]}]}})",
    R"({"detail": {"error": [{"exists": false}]}})",
    R"({"$or": [{"region": [{"prefix": "us-"}]}, {"detail": {"currency": ["USD"]}}]})",
    R"({"detail": {"items": {"sku": [{"wildcard": "A-*"}]}}})",
    R"({"resources": [{"suffix": "/1"}]})",
    "{}",
    R"({"detail": {"customer": {"tier": [{"equals-ignore-case": "GOLD"}]}}})",
    R"({"detail": {"error": [{"exists": true}]}, "source": ["shop.orders"]})",
};

const std::vector<std::string> kEvents = {
    R"({"source": "shop.orders", "region": "eu-west-1", "resources": ["order/1"],
        "detail": {"status": "placed", "total": 300, "currency": "EUR",
                   "customer": {"tier": "gold"}, "items": [{"sku": "A-1"}]}})",
    R"({"source": "shop.orders", "region": "us-east-1", "detail": {"status": "failed",
        "error": "timeout", "total": 50, "currency": "USD", "items": [{"sku": "B-1"}]}})",
    R"({"source": "shop.refunds", "resources": [], "detail": {"customer": {"tier": "Silver"}}})",
    R"({"other": [1, 2, {"source": "shop.orders"}]})",
    "{}",
};

class PatternSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::string& text : kPatterns) {
      patterns_.push_back(mustCompile(text));
    }
    for (const EventPattern& pattern : patterns_) {
      pointers_.push_back(&pattern);
    }
  }

  std::vector<EventPattern> patterns_;
  std::vector<const EventPattern*> pointers_;
};

TEST_F(PatternSetTest, AgreesWithEachPatternMatchedAlone) {
  const PatternSet set = PatternSet::build(pointers_);
  ASSERT_EQ(set.size(), kPatterns.size());
  std::vector<uint32_t> matched;
  for (const std::string& event : kEvents) {
    std::vector<uint32_t> expected;
    for (size_t i = 0; i < patterns_.size(); ++i) {
      if (patterns_[i].match(event) == MatchResult::kMatch) {
        expected.push_back(static_cast<uint32_t>(i));
      }
    }
    const MatchResult result = set.match(event, matched);
    EXPECT_EQ(matched, expected) << event;
    EXPECT_EQ(result, expected.empty() ? MatchResult::kNoMatch : MatchResult::kMatch);
  }
}

TEST_F(PatternSetTest, ReportsTheExpectedPatternsForAnOrder) {
  const PatternSet set = PatternSet::build(pointers_);
  std::vector<uint32_t> matched;
  ASSERT_EQ(set.match(kEvents[0], matched), MatchResult::kMatch);
  EXPECT_EQ(matched, (std::vector<uint32_t>{0, 1, 3, 5, 6, 7, 8}));
}

TEST_F(PatternSetTest, ReportsNotJsonAndClearsTheResult) {
  const PatternSet set = PatternSet::build(pointers_);
  std::vector<uint32_t> matched = {42};
  EXPECT_EQ(set.match(R"({"source": )", matched), MatchResult::kNotJson);
  EXPECT_EQ(set.match("[]", matched), MatchResult::kNotJson);
  EXPECT_EQ(set.match(R"({"source": "x"})", matched), MatchResult::kMatch);
  EXPECT_EQ(matched, (std::vector<uint32_t>{3, 7}));
}

TEST_F(PatternSetTest, OutlivesThePatternsItWasBuiltFrom) {
  const PatternSet set = PatternSet::build(pointers_);
  pointers_.clear();
  patterns_.clear();
  std::vector<uint32_t> matched;
  EXPECT_EQ(set.match(kEvents[1], matched), MatchResult::kMatch);
  EXPECT_EQ(matched, (std::vector<uint32_t>{0, 2, 4, 7, 9}));
}

TEST(PatternSetEmpty, MatchesNothingButStillValidatesJson) {
  const PatternSet set = PatternSet::build({});
  std::vector<uint32_t> matched;
  EXPECT_EQ(set.size(), 0u);
  EXPECT_EQ(set.match(R"({"a": 1})", matched), MatchResult::kNoMatch);
  EXPECT_TRUE(matched.empty());
  EXPECT_EQ(set.match("nope", matched), MatchResult::kNotJson);
}

TEST(PatternSetLarge, HandlesMoreThan64Conditions) {
  std::vector<EventPattern> patterns;
  patterns.reserve(100);
  for (int i = 0; i < 100; ++i) {
    patterns.push_back(mustCompile(R"({"f)" + std::to_string(i) + R"(": [)" + std::to_string(i) +
                                   R"(], "shared": [{"exists": false}]})"));
  }
  std::vector<const EventPattern*> pointers;
  pointers.reserve(patterns.size());
  for (const EventPattern& pattern : patterns) {
    pointers.push_back(&pattern);
  }
  const PatternSet set = PatternSet::build(pointers);
  std::vector<uint32_t> matched;
  EXPECT_EQ(set.match(R"({"f3": 3, "f70": 70, "f99": 98})", matched), MatchResult::kMatch);
  EXPECT_EQ(matched, (std::vector<uint32_t>{3, 70}));
  EXPECT_EQ(set.match(R"({"f3": 3, "f70": 70, "shared": 1})", matched), MatchResult::kNoMatch);
  EXPECT_TRUE(matched.empty());
}

}  // namespace
}  // namespace switchyard::router
