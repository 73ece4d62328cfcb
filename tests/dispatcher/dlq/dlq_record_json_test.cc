#include "dispatcher/dlq/dlq_record_json.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "dispatcher/dlq/dlq_filter_sql.h"

namespace switchyard::dlq {
namespace {

TEST(DlqRecordJson, AttributesRoundTripByteForByte) {
  const std::vector<std::pair<std::string, std::string>> attributes = {
      {"plain", "value"},         {std::string("nul\0key", 7), std::string("\0\0", 2)},
      {"binary", "\xff\xfe\x80"}, {"quote\"back\\slash", "line\nbreak"},
      {"plain", "repeated key"},  {"", ""}};
  const std::string json = attributesToJson(attributes);
  std::vector<std::pair<std::string, std::string>> parsed;
  ASSERT_TRUE(parseAttributes(json, &parsed)) << json;
  EXPECT_EQ(parsed, attributes);
}

TEST(DlqRecordJson, BytesThatAreNotUtf8AreWrittenAsBase64) {
  EXPECT_EQ(attributesToJson({{"k", "\xff"}}), R"([["k",{"base64":"/w=="}]])");
  EXPECT_EQ(attributesToJson({{"k", "é"}}), "[[\"k\",\"é\"]]");
}

TEST(DlqRecordJson, AttemptsRoundTripIncludingExtremeIntegers) {
  const std::vector<AttemptRecord> attempts = {
      {INT64_MIN, INT64_MAX, -1, "timeout", ""},
      {1'732'500'000'000'000, 1500, 503, "http_5xx", "caf\xc3"},
  };
  std::vector<AttemptRecord> parsed;
  ASSERT_TRUE(parseAttempts(attemptsToJson(attempts), &parsed));
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0].started_us, INT64_MIN);
  EXPECT_EQ(parsed[0].latency_us, INT64_MAX);
  EXPECT_EQ(parsed[0].status, -1);
  EXPECT_EQ(parsed[0].outcome, "timeout");
  EXPECT_EQ(parsed[1].error, "caf\xc3");
}

TEST(DlqRecordJson, ReplaysRoundTrip) {
  const std::vector<ReplayRecord> replays = {{1, "job-1", "resize", "e1"}, {2, "job-2", "", ""}};
  std::vector<ReplayRecord> parsed;
  ASSERT_TRUE(parseReplays(replaysToJson(replays), &parsed));
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[1].at_us, 2);
  EXPECT_EQ(parsed[1].replay_id, "job-2");
  EXPECT_EQ(replayToJson(replays[0]),
            R"({"at_us":1,"replay_id":"job-1","to_function":"resize","new_event_id":"e1"})");
}

TEST(DlqRecordJson, EmptyListsAreEmptyArrays) {
  EXPECT_EQ(attributesToJson({}), "[]");
  EXPECT_EQ(attemptsToJson({}), "[]");
  EXPECT_EQ(replaysToJson({}), "[]");
  std::vector<AttemptRecord> attempts(3);
  ASSERT_TRUE(parseAttempts("[]", &attempts));
  EXPECT_TRUE(attempts.empty());
}

TEST(DlqRecordJson, MalformedInputIsRejected) {
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<AttemptRecord> attempts;
  std::vector<ReplayRecord> replays;
  EXPECT_FALSE(parseAttributes("", &attributes));
  EXPECT_FALSE(parseAttributes("{}", &attributes));
  EXPECT_FALSE(parseAttributes(R"([["only-key"]])", &attributes));
  EXPECT_FALSE(parseAttributes(R"([["k",{"base64":"not base64!"}]])", &attributes));
  EXPECT_FALSE(parseAttempts(R"([{"started_us":"soon"}])", &attempts));
  EXPECT_FALSE(parseAttempts(
      R"([{"started_us":1,"latency_us":1,"status":99999999999,"outcome":"","error":""}])",
      &attempts));
  EXPECT_FALSE(parseReplays(R"([{"at_us":1}])", &replays));
  EXPECT_FALSE(parseReplays("[1,2", &replays));
}

TEST(DlqFilterSql, ContainsPatternEscapesLikeWildcards) {
  EXPECT_EQ(containsPattern("plain"), "%plain%");
  EXPECT_EQ(containsPattern("100%_a\\b"), "%100\\%\\_a\\\\b%");
}

TEST(DlqFilterSql, ValuesAreBoundNeverPastedIntoTheSql) {
  DlqFilter filter;
  filter.function = "x' OR 1=1 --";
  filter.trigger = "t";
  filter.error_substring = "e";
  filter.since_us = 5;
  filter.limit = 10;
  const FilterSql sql = filterToSql(filter);
  EXPECT_EQ(sql.where.find("x'"), std::string::npos);
  EXPECT_EQ(sql.values.size(), 5u);  // function, trigger, since, the pattern twice
  EXPECT_EQ(sql.limit, 10);
  EXPECT_TRUE(filterToSql(DlqFilter{}).where.empty());
}

}  // namespace
}  // namespace switchyard::dlq
