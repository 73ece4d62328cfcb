#include "gateway/config/spelling.h"

#include <gtest/gtest.h>

namespace switchyard::config {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndTranspositions) {
  EXPECT_EQ(editDistance("timeout", "timeout"), 0U);
  EXPECT_EQ(editDistance("timout", "timeout"), 1U);
  EXPECT_EQ(editDistance("timeouts", "timeout"), 1U);
  EXPECT_EQ(editDistance("tumeout", "timeout"), 1U);
  EXPECT_EQ(editDistance("tiemout", "timeout"), 1U);
  EXPECT_EQ(editDistance("", "abc"), 3U);
  EXPECT_EQ(editDistance("abc", ""), 3U);
  EXPECT_EQ(editDistance("kitten", "sitting"), 3U);
}

TEST(SpellingSuggestion, PicksTheClosestWithinTwoEdits) {
  const std::vector<std::string_view> keys = {"endpoint", "kind", "timeout", "concurrency"};
  EXPECT_EQ(closestSpelling("timout", keys, 2), "timeout");
  EXPECT_EQ(closestSpelling("concurency", keys, 2), "concurrency");
  EXPECT_EQ(closestSpelling("kinds", keys, 2), "kind");
  EXPECT_EQ(closestSpelling("colour", keys, 2), std::nullopt);
}

TEST(SpellingSuggestion, DoesNotSuggestForWordsItWouldRewriteEntirely) {
  // "id" is two edits from "kind", but both of its letters would change: no real resemblance.
  EXPECT_EQ(closestSpelling("xy", {"kind"}, 2), std::nullopt);
  EXPECT_EQ(closestSpelling("id", {"kind"}, 2), std::nullopt);
}

TEST(SpellingSuggestion, FirstOfEquallyCloseCandidatesWins) {
  EXPECT_EQ(closestSpelling("raw", {"rat", "ram"}, 2), "rat");
}

}  // namespace
}  // namespace switchyard::config
