// QueueEngine on FIFO queues: group ordering, group blocking, deduplication, handles, delays.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connectors/sqs/engine/message_digest.h"
#include "sqs_test_util.h"

namespace switchyard::sqs {
namespace {

using testing::codeOf;
using testing::kSecond;
using testing::textOf;
using Bodies = std::vector<std::string>;

class FifoQueue : public testing::SqsEngineTest {
 protected:
  void SetUp() override { createFifoQueue("q.fifo"); }
};

TEST_F(FifoQueue, SendsNeedAGroupAndADeduplicationId) {
  SendRequest request;
  request.body = "m";
  request.message_deduplication_id = "d";
  auto no_group = engine_.send("q.fifo", request, now_);
  EXPECT_EQ(codeOf(no_group), "MissingParameter");
  EXPECT_EQ(textOf(no_group), "The request must contain the parameter MessageGroupId.");
  request.message_group_id = "g";
  request.message_deduplication_id.clear();
  auto no_id = engine_.send("q.fifo", request, now_);
  EXPECT_EQ(codeOf(no_id), "InvalidParameterValue");
  EXPECT_EQ(textOf(no_id),
            "The queue should either have ContentBasedDeduplication enabled or "
            "MessageDeduplicationId provided explicitly");
  request.message_deduplication_id = "with space";
  EXPECT_EQ(codeOf(engine_.send("q.fifo", request, now_)), "InvalidParameterValue");
}

TEST_F(FifoQueue, PerMessageDelayIsRejectedUnlessZero) {
  SendRequest request;
  request.body = "m";
  request.message_group_id = "g";
  request.message_deduplication_id = "d";
  request.delay_seconds = 5;
  auto delayed = engine_.send("q.fifo", request, now_);
  EXPECT_EQ(codeOf(delayed), "InvalidParameterValue");
  EXPECT_EQ(textOf(delayed),
            "Value 5 for parameter DelaySeconds is invalid. Reason: The request "
            "include parameter that is not valid for this queue type.");
  request.delay_seconds = 0;
  EXPECT_TRUE(engine_.send("q.fifo", request, now_).ok());
}

TEST_F(FifoQueue, SequenceNumbersIncrease) {
  uint64_t previous = 0;
  for (int i = 0; i < 50; ++i) {
    const SendResult sent = sendToGroup("q.fifo", "m" + std::to_string(i), i % 2 ? "a" : "b");
    ASSERT_FALSE(sent.sequence_number.empty());
    const uint64_t number = std::stoull(sent.sequence_number);
    EXPECT_GT(number, previous);
    previous = number;
  }
}

TEST_F(FifoQueue, ReceivedMessagesCarryTheirFifoAttributes) {
  const SendResult sent = sendToGroup("q.fifo", "m", "group-1", "dedup-1");
  const std::vector<ReceivedMessage> received = receive("q.fifo");
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].message_group_id, "group-1");
  EXPECT_EQ(received[0].message_deduplication_id, "dedup-1");
  EXPECT_EQ(received[0].sequence_number, sent.sequence_number);
}

TEST_F(FifoQueue, OneGroupIsDeliveredInOrder) {
  for (int i = 0; i < 25; ++i) {
    sendToGroup("q.fifo", "m" + std::to_string(i), "g");
  }
  Bodies all;
  for (;;) {
    const std::vector<ReceivedMessage> batch = receive("q.fifo", 4);
    if (batch.empty()) {
      break;
    }
    for (const ReceivedMessage& message : batch) {
      all.push_back(message.body);
      deleteMessage("q.fifo", message);
    }
  }
  ASSERT_EQ(all.size(), 25u);
  for (int i = 0; i < 25; ++i) {
    EXPECT_EQ(all[i], "m" + std::to_string(i));
  }
}

TEST_F(FifoQueue, InterleavedGroupsComeOneGroupAtATimeOldestGroupFirst) {
  sendToGroup("q.fifo", "a1", "a");
  sendToGroup("q.fifo", "b1", "b");
  sendToGroup("q.fifo", "a2", "a");
  sendToGroup("q.fifo", "c1", "c");
  sendToGroup("q.fifo", "b2", "b");
  sendToGroup("q.fifo", "a3", "a");
  EXPECT_EQ(receiveBodies("q.fifo", 10), (Bodies{"a1", "a2", "a3", "b1", "b2", "c1"}));
}

TEST_F(FifoQueue, ABatchCanStopInsideAGroup) {
  for (std::string body : std::vector<std::string>{"a1", "a2", "a3", "b1"}) {
    sendToGroup("q.fifo", body, body.substr(0, 1));
  }
  EXPECT_EQ(receiveBodies("q.fifo", 2), (Bodies{"a1", "a2"}));
  // a3 waits behind a1 and a2 in flight; b is free.
  EXPECT_EQ(receiveBodies("q.fifo", 10), (Bodies{"b1"}));
}

TEST_F(FifoQueue, AGroupIsBlockedWhileAnyOfItsMessagesIsInFlight) {
  sendToGroup("q.fifo", "a1", "a");
  sendToGroup("q.fifo", "a2", "a");
  sendToGroup("q.fifo", "b1", "b");
  const std::vector<ReceivedMessage> first = receive("q.fifo", 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].body, "a1");
  EXPECT_EQ(receiveBodies("q.fifo", 10), (Bodies{"b1"}));
  EXPECT_TRUE(receive("q.fifo").empty());
  EXPECT_EQ(counts("q.fifo"), (Bodies{"1", "2", "0"}));  // a2 is visible, just blocked
  const uint64_t before = *engine_.version("q.fifo");
  deleteMessage("q.fifo", first[0]);
  EXPECT_GT(*engine_.version("q.fifo"), before);  // waiters retry: a is free
  EXPECT_EQ(receiveBodies("q.fifo", 10), (Bodies{"a2"}));
}

TEST_F(FifoQueue, AnExpiredVisibilityTimeoutRedeliversTheGroupFromItsHead) {
  sendToGroup("q.fifo", "a1", "a");
  sendToGroup("q.fifo", "a2", "a");
  ASSERT_EQ(receiveBodies("q.fifo", 1, 10), (Bodies{"a1"}));
  advanceSeconds(10);
  const std::vector<ReceivedMessage> again = receive("q.fifo", 10);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].body, "a1");
  EXPECT_EQ(again[0].approximate_receive_count, 2u);
  EXPECT_EQ(again[1].body, "a2");
  EXPECT_EQ(again[1].approximate_receive_count, 1u);
}

TEST_F(FifoQueue, ALaterMessageMadeVisibleStaysBehindAnEarlierOneInFlight) {
  sendToGroup("q.fifo", "a1", "a");
  sendToGroup("q.fifo", "a2", "a");
  const std::vector<ReceivedMessage> both = receive("q.fifo", 10);
  ASSERT_EQ(both.size(), 2u);
  ASSERT_TRUE(engine_.changeVisibility("q.fifo", both[1].receipt_handle, 0, now_).ok());
  EXPECT_TRUE(receive("q.fifo").empty());
  deleteMessage("q.fifo", both[0]);
  EXPECT_EQ(receiveBodies("q.fifo"), (Bodies{"a2"}));
}

TEST_F(FifoQueue, ADuplicateWithinFiveMinutesIsAcceptedButNotEnqueued) {
  const SendResult first = sendToGroup("q.fifo", "order 1", "g", "id-1");
  advanceSeconds(100);
  const SendResult duplicate = sendToGroup("q.fifo", "order 1 again", "g", "id-1");
  EXPECT_TRUE(duplicate.deduplicated);
  EXPECT_EQ(duplicate.message_id, first.message_id);
  EXPECT_EQ(duplicate.sequence_number, first.sequence_number);
  EXPECT_EQ(duplicate.md5_of_message_body, hexEncode(md5("order 1 again")));
  EXPECT_EQ(counts("q.fifo"), (Bodies{"1", "0", "0"}));
  // The window outlives the message.
  const std::vector<ReceivedMessage> received = receive("q.fifo");
  ASSERT_FALSE(received.empty());
  deleteMessage("q.fifo", received[0]);
  EXPECT_TRUE(sendToGroup("q.fifo", "order 1", "other-group", "id-1").deduplicated);
  // Five minutes after the first send, the id is new again.
  advanceMs(200 * kSecond - 1);
  EXPECT_TRUE(sendToGroup("q.fifo", "x", "g", "id-1").deduplicated);
  advanceMs(1);
  const SendResult fresh = sendToGroup("q.fifo", "order 1", "g", "id-1");
  EXPECT_FALSE(fresh.deduplicated);
  EXPECT_NE(fresh.message_id, first.message_id);
  EXPECT_EQ(counts("q.fifo"), (Bodies{"1", "0", "0"}));
  // ... and its own window starts then.
  advanceSeconds(299);
  EXPECT_TRUE(sendToGroup("q.fifo", "order 1", "g", "id-1").deduplicated);
}

TEST_F(FifoQueue, ContentBasedDeduplicationUsesTheBodysSha256) {
  ASSERT_TRUE(
      engine_.setQueueAttributes("q.fifo", {{"ContentBasedDeduplication", "true"}}, now_).ok());
  SendRequest request;
  request.message_group_id = "g";
  request.body = "same body";
  const SendResult first = *engine_.send("q.fifo", request, now_);
  request.body = "same body";
  request.message_attributes["differs"] = {"String", "attributes do not count", ""};
  const SendResult second = *engine_.send("q.fifo", request, now_);
  EXPECT_TRUE(second.deduplicated);
  EXPECT_EQ(second.message_id, first.message_id);
  request.body = "other body";
  EXPECT_FALSE(engine_.send("q.fifo", request, now_)->deduplicated);
  // An explicit id overrides the hash, and equals it when it is the hash.
  request.body = "same body";
  request.message_deduplication_id = "explicit";
  EXPECT_FALSE(engine_.send("q.fifo", request, now_)->deduplicated);
  request.body = "unrelated";
  request.message_deduplication_id = sha256Hex("same body");
  EXPECT_TRUE(engine_.send("q.fifo", request, now_)->deduplicated);
  const std::vector<ReceivedMessage> received = receive("q.fifo");
  ASSERT_EQ(received.size(), 3u);
  EXPECT_EQ(received[0].message_deduplication_id, sha256Hex("same body"));
}

TEST_F(FifoQueue, MessageGroupDeduplicationScope) {
  createFifoQueue("scoped.fifo", {{"DeduplicationScope", "messageGroup"},
                                  {"FifoThroughputLimit", "perMessageGroupId"}});
  EXPECT_FALSE(sendToGroup("scoped.fifo", "m", "a", "id").deduplicated);
  EXPECT_FALSE(sendToGroup("scoped.fifo", "m", "b", "id").deduplicated);
  EXPECT_TRUE(sendToGroup("scoped.fifo", "m", "a", "id").deduplicated);
  EXPECT_EQ(counts("scoped.fifo"), (Bodies{"2", "0", "0"}));
}

TEST_F(FifoQueue, StaleOrExpiredHandlesDoNotDelete) {
  sendToGroup("q.fifo", "m", "g");
  const std::vector<ReceivedMessage> first = receive("q.fifo", 1, 5);
  ASSERT_FALSE(first.empty());
  advanceSeconds(5);
  // Visibility timeout over: the latest handle has expired.
  Status expired = engine_.deleteMessage("q.fifo", first[0].receipt_handle, now_);
  EXPECT_EQ(codeOf(expired), "InvalidParameterValue");
  EXPECT_EQ(textOf(expired), "Value " + first[0].receipt_handle +
                                 " for parameter ReceiptHandle is invalid. Reason: The receipt "
                                 "handle has expired.");
  const std::vector<ReceivedMessage> second = receive("q.fifo");
  ASSERT_EQ(second.size(), 1u);
  // An older receive's handle.
  EXPECT_EQ(codeOf(engine_.deleteMessage("q.fifo", first[0].receipt_handle, now_)),
            "InvalidParameterValue");
  EXPECT_EQ(counts("q.fifo"), (Bodies{"0", "1", "0"}));
  deleteMessage("q.fifo", second[0]);
  // Gone: any handle succeeds.
  EXPECT_TRUE(engine_.deleteMessage("q.fifo", first[0].receipt_handle, now_).ok());
  EXPECT_EQ(codeOf(engine_.deleteMessage("q.fifo", "AAAA", now_)), "ReceiptHandleIsInvalid");
}

TEST_F(FifoQueue, QueueDelayAppliesAndItsChangesAreRetroactive) {
  ASSERT_TRUE(engine_.setQueueAttributes("q.fifo", {{"DelaySeconds", "60"}}, now_).ok());
  sendToGroup("q.fifo", "a1", "a");
  advanceSeconds(5);
  sendToGroup("q.fifo", "a2", "a");
  EXPECT_EQ(counts("q.fifo"), (Bodies{"0", "0", "2"}));
  ASSERT_TRUE(engine_.setQueueAttributes("q.fifo", {{"DelaySeconds", "8"}}, now_).ok());
  EXPECT_EQ(*engine_.nextChange("q.fifo", now_), now_ + 3 * kSecond);
  advanceSeconds(3);
  EXPECT_EQ(receiveBodies("q.fifo"), (Bodies{"a1"}));
  ASSERT_TRUE(engine_.setQueueAttributes("q.fifo", {{"DelaySeconds", "0"}}, now_).ok());
  EXPECT_EQ(counts("q.fifo"), (Bodies{"1", "1", "0"}));
}

TEST_F(FifoQueue, ClearingTheQueueDelayReleasesDelayedMessages) {
  ASSERT_TRUE(engine_.setQueueAttributes("q.fifo", {{"DelaySeconds", "10"}}, now_).ok());
  sendToGroup("q.fifo", "a1", "a");
  ASSERT_TRUE(engine_.setQueueAttributes("q.fifo", {{"DelaySeconds", "0"}}, now_).ok());
  // a1 is no longer delayed (retroactive) and stays ahead of a2.
  sendToGroup("q.fifo", "a2", "a");
  EXPECT_EQ(receiveBodies("q.fifo"), (Bodies{"a1", "a2"}));
}

TEST_F(FifoQueue, ManyGroupsAreServedOldestFirst) {
  for (int i = 0; i < 100; ++i) {
    sendToGroup("q.fifo", "m" + std::to_string(i), "g" + std::to_string(99 - i));
  }
  Bodies all;
  for (int round = 0; round < 10; ++round) {
    for (const std::string& body : receiveBodies("q.fifo", 10)) {
      all.push_back(body);
    }
  }
  ASSERT_EQ(all.size(), 100u);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(all[i], "m" + std::to_string(i));
  }
}

TEST_F(FifoQueue, RetentionRemovesTheHeadAndFreesTheGroup) {
  ASSERT_TRUE(engine_.setQueueAttributes("q.fifo", {{"MessageRetentionPeriod", "60"}}, now_).ok());
  sendToGroup("q.fifo", "a1", "a");
  receive("q.fifo", 1, 3600);
  advanceSeconds(30);
  sendToGroup("q.fifo", "a2", "a");
  EXPECT_TRUE(receive("q.fifo").empty());
  advanceSeconds(30);  // a1 expires while in flight
  EXPECT_EQ(receiveBodies("q.fifo"), (Bodies{"a2"}));
}

}  // namespace
}  // namespace switchyard::sqs
