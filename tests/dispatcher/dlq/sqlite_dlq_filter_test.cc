#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dispatcher/dlq/sqlite_dlq_store.h"
#include "tests/dispatcher/dlq/dlq_test_support.h"

namespace switchyard::dlq {
namespace {

using testing::eventId;
using testing::idsOf;
using testing::openStore;
using testing::recordId;
using testing::sampleRecord;
using testing::TempDir;

constexpr int64_t kHour = 3'600'000'000;
constexpr int64_t kDay0 = 1'732'492'800'000'000;  // 2024-11-25T00:00:00Z

// Ten records, id order = time order, spread over functions, triggers, hours and errors:
//   n  function  trigger   hour  last error                     replayed
//   1  resize    uploads   0     503 upstream down
//   2  index     uploads   1     503 upstream down
//   3  resize    orders    2     timeout after 30000 ms          yes
//   4  notify    (invoke)  3     HTTP 400: 100%_done\ bad input
//   5  resize    uploads   4     503 upstream down               yes
//   6  index     orders    5     Connection REFUSED
//   7  resize    uploads   6     503 upstream down
//   8  notify    orders    7     timeout after 30000 ms
//   9  resize    orders    8     503 upstream down (reason event_age_exceeded)
//  10  index     uploads   9     HTTP 400: 100 percent done
class SqliteDlqFilter : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = openStore(dir_.path());
    ASSERT_NE(store_, nullptr);
    const char* functions[] = {"resize", "index",  "resize", "notify", "resize",
                               "index",  "resize", "notify", "resize", "index"};
    const char* triggers[] = {"uploads", "uploads", "orders", "",       "uploads",
                              "orders",  "uploads", "orders", "orders", "uploads"};
    const char* errors[] = {"503 upstream down",      "503 upstream down",
                            "timeout after 30000 ms", "HTTP 400: 100%_done\\ bad input",
                            "503 upstream down",      "Connection REFUSED",
                            "503 upstream down",      "timeout after 30000 ms",
                            "503 upstream down",      "HTTP 400: 100 percent done"};
    std::vector<DlqRecord> records;
    for (int n = 1; n <= 10; ++n) {
      DlqRecord record =
          sampleRecord(n, functions[n - 1], triggers[n - 1], kDay0 + (n - 1) * kHour);
      record.attempts.back().error = errors[n - 1];
      if (n == 9) {
        record.reason = "event_age_exceeded";
      }
      records.push_back(std::move(record));
    }
    // Appended out of order: listings must come back by id all the same.
    std::swap(records[0], records[9]);
    ASSERT_TRUE(store_->append(records).ok());
    ASSERT_TRUE(store_->markReplayed({recordId(3), recordId(5)}, {1, "job", "", "new"}).ok());
  }

  // The ids list(filter) returns, after checking that count(filter) agrees.
  std::vector<std::string> ids(const DlqFilter& filter) {
    auto listed = store_->list(filter);
    EXPECT_TRUE(listed.ok()) << listed.error().message;
    auto counted = store_->count(filter);
    EXPECT_TRUE(counted.ok()) << counted.error().message;
    if (!listed.ok() || !counted.ok()) {
      return {};
    }
    EXPECT_EQ(*counted, listed->size()) << "count disagrees with list";
    return idsOf(*listed);
  }

  static std::vector<std::string> records(std::initializer_list<int> numbers) {
    std::vector<std::string> out;
    for (int n : numbers) {
      out.push_back(recordId(n));
    }
    return out;
  }

  TempDir dir_;
  std::unique_ptr<SqliteDlqStore> store_;
};

TEST_F(SqliteDlqFilter, EmptyFilterListsEverythingOldestFirst) {
  EXPECT_EQ(ids(DlqFilter{}), records({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
}

TEST_F(SqliteDlqFilter, IdsMatchRecordIdsAndEventIds) {
  DlqFilter filter;
  filter.ids = {recordId(7), eventId(2), "unknown", recordId(7)};
  EXPECT_EQ(ids(filter), records({2, 7}));
}

TEST_F(SqliteDlqFilter, FunctionAlone) {
  DlqFilter filter;
  filter.function = "index";
  EXPECT_EQ(ids(filter), records({2, 6, 10}));
}

TEST_F(SqliteDlqFilter, TriggerAlone) {
  DlqFilter filter;
  filter.trigger = "orders";
  EXPECT_EQ(ids(filter), records({3, 6, 8, 9}));
}

TEST_F(SqliteDlqFilter, SinceIsInclusive) {
  DlqFilter filter;
  filter.since_us = kDay0 + 7 * kHour;
  EXPECT_EQ(ids(filter), records({8, 9, 10}));
}

TEST_F(SqliteDlqFilter, UntilIsExclusive) {
  DlqFilter filter;
  filter.until_us = kDay0 + 2 * kHour;
  EXPECT_EQ(ids(filter), records({1, 2}));
}

TEST_F(SqliteDlqFilter, SinceAndUntilSelectAWindow) {
  DlqFilter filter;
  filter.since_us = kDay0 + 3 * kHour;
  filter.until_us = kDay0 + 6 * kHour;
  EXPECT_EQ(ids(filter), records({4, 5, 6}));
}

TEST_F(SqliteDlqFilter, ErrorSubstringMatchesTheLastErrorIgnoringCase) {
  DlqFilter filter;
  filter.error_substring = "connection refused";
  EXPECT_EQ(ids(filter), records({6}));
  filter.error_substring = "TIMEOUT";
  EXPECT_EQ(ids(filter), records({3, 8}));
}

TEST_F(SqliteDlqFilter, ErrorSubstringMatchesTheReason) {
  DlqFilter filter;
  filter.error_substring = "age_exceeded";
  EXPECT_EQ(ids(filter), records({9}));
}

TEST_F(SqliteDlqFilter, ErrorSubstringTakesLikeWildcardsLiterally) {
  DlqFilter filter;
  filter.error_substring = "100%_done\\";
  EXPECT_EQ(ids(filter), records({4}));
  filter.error_substring = "100%";  // would match record 10 too if % were a wildcard
  EXPECT_EQ(ids(filter), records({4}));
  filter.error_substring = "t_d";  // would match "percent done" (10) if _ were a wildcard
  EXPECT_EQ(ids(filter), records({}));
}

TEST_F(SqliteDlqFilter, IncludeReplayedFalseLeavesOutReplayedRecords) {
  DlqFilter filter;
  filter.include_replayed = false;
  EXPECT_EQ(ids(filter), records({1, 2, 4, 6, 7, 8, 9, 10}));
}

TEST_F(SqliteDlqFilter, FiltersCombine) {
  DlqFilter filter;
  filter.function = "resize";
  filter.trigger = "uploads";
  EXPECT_EQ(ids(filter), records({1, 5, 7}));
  filter.include_replayed = false;
  EXPECT_EQ(ids(filter), records({1, 7}));
  filter.since_us = kDay0 + 1 * kHour;
  EXPECT_EQ(ids(filter), records({7}));
  filter.error_substring = "timeout";
  EXPECT_EQ(ids(filter), records({}));

  DlqFilter by_error_and_trigger;
  by_error_and_trigger.error_substring = "503";
  by_error_and_trigger.trigger = "orders";
  by_error_and_trigger.until_us = kDay0 + 9 * kHour;
  EXPECT_EQ(ids(by_error_and_trigger), records({9}));

  DlqFilter ids_and_function;
  ids_and_function.ids = {recordId(1), recordId(2), eventId(3)};
  ids_and_function.function = "resize";
  EXPECT_EQ(ids(ids_and_function), records({1, 3}));
}

TEST_F(SqliteDlqFilter, LimitReturnsTheOldestMatches) {
  DlqFilter filter;
  filter.function = "resize";
  filter.limit = 2;
  EXPECT_EQ(ids(filter), records({1, 3}));
}

TEST_F(SqliteDlqFilter, PagingWithAfterIdAndLimitVisitsEveryMatchOnceInOrder) {
  DlqFilter page;
  page.trigger = "uploads";
  page.limit = 2;
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    std::vector<std::string> got = ids(page);
    if (got.empty()) {
      break;
    }
    EXPECT_LE(got.size(), 2u);
    seen.insert(seen.end(), got.begin(), got.end());
    page.after_id = got.back();
  }
  EXPECT_EQ(seen, records({1, 2, 5, 7, 10}));
}

TEST_F(SqliteDlqFilter, NothingMatchesAnUnknownFunction) {
  DlqFilter filter;
  filter.function = "no-such-function";
  EXPECT_EQ(ids(filter), records({}));
}

}  // namespace
}  // namespace switchyard::dlq
