#include "dispatcher/dlq/sqlite_dlq_store.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/dispatcher/dlq/dlq_test_support.h"

namespace switchyard::dlq {
namespace {

using testing::expectSameRecord;
using testing::idsOf;
using testing::openStore;
using testing::recordId;
using testing::sampleRecord;
using testing::TempDir;

// Every field set, with the awkward cases: a payload with NULs and bytes that are not UTF-8,
// attributes with a binary value, an empty value and a repeated key, an error excerpt cut in the
// middle of a UTF-8 sequence, the largest hop count, a replay history.
DlqRecord awkwardRecord() {
  DlqRecord record = sampleRecord(1);
  record.event_kind = "kafka";
  record.partition_key = std::string("key\0with-nul", 12);
  record.hops = 65535;
  // Adjacent literals end each hex escape before a character that is also a hex digit.
  const char payload[] =
      "\x00\x01"
      "binary\xff\xfe\x00{\"a\":\"\xc3\"}\x80";
  record.payload = std::string(payload, sizeof payload - 1);
  record.attributes = {{"kafka.header.trace", std::string("\xde\xad\xbe\xef\x00", 5)},
                       {"empty", ""},
                       {"x-dup", "first"},
                       {"x-dup", "second"},
                       {"ünïcode", "värde ✓"}};
  record.attempts[0].error = "timeout after 30000 ms";
  record.attempts[0].outcome = "timeout";
  record.attempts[0].status = 0;
  record.attempts[1].error = "bad gateway \"quoted\"\n\ttabbed \\ backslash";
  record.attempts[2].error = "HTTP 500: caf\xc3";  // cut in the middle of "é"
  record.attempts[2].status = 500;
  record.replays = {ReplayRecord{1'732'600'000'000'000, "replay-7", "resize-v2", "evt-new-1"}};
  return record;
}

TEST(SqliteDlqStore, RoundTripsEveryFieldIncludingBinaryPayloadAndAttributes) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  const DlqRecord record = awkwardRecord();
  ASSERT_TRUE(store->append({record}).ok());

  auto listed = store->list(DlqFilter{});
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), 1u);
  expectSameRecord(listed->front(), record);

  auto got = store->get(record.id);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->has_value());
  expectSameRecord(**got, record);
}

TEST(SqliteDlqStore, RoundTripsARecordWithEmptyFieldsAndNoAttempts) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  DlqRecord record;
  record.id = recordId(1);
  ASSERT_TRUE(store->append({record}).ok());
  auto got = store->get(record.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  expectSameRecord(**got, record);
  EXPECT_EQ((*got)->lastError(), "");
  EXPECT_EQ((*got)->lastStatus(), 0);
}

TEST(SqliteDlqStore, AppendOfABatchIsAllOrNothing) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->append({sampleRecord(1)}).ok());
  // The batch's last record repeats an id already stored: nothing of the batch may remain.
  Status status = store->append({sampleRecord(2), sampleRecord(3), sampleRecord(1)});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::kIo);
  EXPECT_NE(status.error().message.find("dlq.sqlite"), std::string::npos);
  EXPECT_NE(status.error().message.find("(sqlite: UNIQUE constraint failed"), std::string::npos)
      << status.error().message;
  auto listed = store->list(DlqFilter{});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(idsOf(*listed), std::vector<std::string>{recordId(1)});
  // The store is still usable after the rolled-back batch.
  EXPECT_TRUE(store->append({sampleRecord(2)}).ok());
}

TEST(SqliteDlqStore, AppendRejectsARecordWithoutAnId) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  DlqRecord record = sampleRecord(1);
  record.id.clear();
  Status status = store->append({sampleRecord(2), record});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(*store->count(DlqFilter{}), 0u);
}

TEST(SqliteDlqStore, AppendOfNothingSucceeds) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->append({}).ok());
}

TEST(SqliteDlqStore, GetFindsARecordByItsEventId) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->append({sampleRecord(1), sampleRecord(2)}).ok());
  auto got = store->get(testing::eventId(2));
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->id, recordId(2));
}

TEST(SqliteDlqStore, GetByEventIdReturnsTheOldestRecordOfAnEventThatFannedOut) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  DlqRecord to_index = sampleRecord(5, "index");
  DlqRecord to_resize = sampleRecord(4, "resize");
  to_index.event_id = to_resize.event_id = "shared-event";
  ASSERT_TRUE(store->append({to_index, to_resize}).ok());
  auto got = store->get("shared-event");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->id, recordId(4));
}

TEST(SqliteDlqStore, GetOfAnUnknownIdIsEmptyNotAnError) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->append({sampleRecord(1)}).ok());
  auto got = store->get("no-such-id");
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
}

TEST(SqliteDlqStore, MarkReplayedAppendsToTheHistoryOfEveryRecordInTheBatch) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->append({sampleRecord(1), sampleRecord(2), sampleRecord(3)}).ok());
  const ReplayRecord first{100, "job-1", "resize", "new-1"};
  const ReplayRecord second{200, "job-2", std::string("resize-\xff", 8), "new-2"};
  ASSERT_TRUE(store->markReplayed({recordId(1), recordId(2)}, first).ok());
  ASSERT_TRUE(store->markReplayed({recordId(2), "purged-meanwhile"}, second).ok());

  auto one = store->get(recordId(1));
  auto two = store->get(recordId(2));
  auto three = store->get(recordId(3));
  ASSERT_TRUE(one.ok() && two.ok() && three.ok());
  ASSERT_EQ((*one)->replays.size(), 1u);
  EXPECT_EQ((*one)->replays[0].replay_id, "job-1");
  ASSERT_EQ((*two)->replays.size(), 2u);
  EXPECT_EQ((*two)->replays[0].at_us, 100);
  EXPECT_EQ((*two)->replays[1].at_us, 200);
  EXPECT_EQ((*two)->replays[1].to_function, second.to_function);
  EXPECT_EQ((*two)->replays[1].new_event_id, "new-2");
  EXPECT_TRUE((*three)->replays.empty());
}

TEST(SqliteDlqStore, MarkReplayedRecordsAreLeftOutWhenReplayedOnesAreExcluded) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->append({sampleRecord(1), sampleRecord(2), sampleRecord(3)}).ok());
  ASSERT_TRUE(store->markReplayed({recordId(2)}, ReplayRecord{1, "job", "resize", "n"}).ok());
  DlqFilter never_replayed;
  never_replayed.include_replayed = false;
  auto listed = store->list(never_replayed);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(idsOf(*listed), (std::vector<std::string>{recordId(1), recordId(3)}));
  EXPECT_EQ(*store->count(never_replayed), 2u);
  EXPECT_EQ(*store->count(DlqFilter{}), 3u);
}

TEST(SqliteDlqStore, PurgeByFilterReturnsTheCountAndLeavesTheRest) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->append({sampleRecord(1, "resize"), sampleRecord(2, "index"),
                            sampleRecord(3, "resize"), sampleRecord(4, "notify")})
                  .ok());
  DlqFilter resize;
  resize.function = "resize";
  auto purged = store->purge(resize);
  ASSERT_TRUE(purged.ok()) << purged.error().message;
  EXPECT_EQ(*purged, 2u);
  auto left = store->list(DlqFilter{});
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(idsOf(*left), (std::vector<std::string>{recordId(2), recordId(4)}));
  EXPECT_EQ(*store->purge(resize), 0u);
}

TEST(SqliteDlqStore, PurgeWithALimitDeletesExactlyThePageListWouldReturn) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  std::vector<DlqRecord> records;
  for (int n = 1; n <= 6; ++n) {
    records.push_back(sampleRecord(n));
  }
  ASSERT_TRUE(store->append(records).ok());
  DlqFilter page;
  page.after_id = recordId(1);
  page.limit = 2;
  EXPECT_EQ(*store->purge(page), 2u);
  auto left = store->list(DlqFilter{});
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(idsOf(*left),
            (std::vector<std::string>{recordId(1), recordId(4), recordId(5), recordId(6)}));
}

TEST(DlqRecord, LastErrorAndStatusComeFromTheLastAttempt) {
  DlqRecord record = sampleRecord(1);
  record.attempts.back().error = "HTTP 429: slow down";
  record.attempts.back().status = 429;
  EXPECT_EQ(record.lastError(), "HTTP 429: slow down");
  EXPECT_EQ(record.lastStatus(), 429);
  // An attempt without error text reports its outcome.
  record.attempts.back().error.clear();
  record.attempts.back().outcome = "timeout";
  EXPECT_EQ(record.lastError(), "timeout");
  record.attempts.clear();
  EXPECT_EQ(record.lastError(), "");
  EXPECT_EQ(record.lastStatus(), 0);
}

}  // namespace
}  // namespace switchyard::dlq
