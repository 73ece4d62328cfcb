// QueueEngine on standard queues: sending, receiving, visibility, delays, deletion, retention
// and the long-polling hooks.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "connectors/sqs/engine/message_digest.h"
#include "sqs_test_util.h"

namespace switchyard::sqs {
namespace {

using testing::bodiesOf;
using testing::codeOf;
using testing::kSecond;
using testing::textOf;
using Bodies = std::vector<std::string>;

class StandardQueue : public testing::SqsEngineTest {
 protected:
  void SetUp() override { createQueue("q"); }
};

TEST_F(StandardQueue, SendReturnsAUuidAndTheDigestsSdksCheck) {
  SendRequest request;
  request.message_attributes["sample-attribute"] = {"String", "sample-value", ""};
  const SendResult sent = send("q", "hello sqs", request);
  EXPECT_EQ(sent.message_id.size(), 36u);
  EXPECT_EQ(sent.md5_of_message_body, "3b7bef57d06c0021d0aafe8f6d587241");
  EXPECT_EQ(sent.md5_of_message_attributes, "7c815262be77a62f56671125069ca888");
  EXPECT_TRUE(sent.md5_of_message_system_attributes.empty());
  EXPECT_TRUE(sent.sequence_number.empty());
  EXPECT_FALSE(sent.deduplicated);
  EXPECT_TRUE(send("q", "no attributes").md5_of_message_attributes.empty());
  EXPECT_NE(send("q", "x").message_id, send("q", "x").message_id);
}

TEST_F(StandardQueue, ReceiveReturnsTheMessageWithItsSystemAttributes) {
  SendRequest request;
  request.message_attributes["n"] = {"Number", "42", ""};
  request.aws_trace_header = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
  const SendResult sent = send("q", "payload", request);
  EXPECT_FALSE(sent.md5_of_message_system_attributes.empty());
  advanceSeconds(2);
  const std::vector<ReceivedMessage> received = receive("q");
  ASSERT_EQ(received.size(), 1u);
  const ReceivedMessage& message = received[0];
  EXPECT_EQ(message.message_id, sent.message_id);
  EXPECT_EQ(message.body, "payload");
  EXPECT_EQ(message.md5_of_body, hexEncode(md5("payload")));
  EXPECT_EQ(message.message_attributes, request.message_attributes);
  EXPECT_EQ(message.md5_of_message_attributes, sent.md5_of_message_attributes);
  EXPECT_EQ(message.sent_timestamp_ms, now_ - 2 * kSecond);
  EXPECT_EQ(message.approximate_first_receive_timestamp_ms, now_);
  EXPECT_EQ(message.approximate_receive_count, 1u);
  EXPECT_EQ(message.sender_id, "000000000000");
  EXPECT_EQ(message.aws_trace_header, request.aws_trace_header);
  EXPECT_TRUE(message.message_group_id.empty());
  EXPECT_TRUE(message.sequence_number.empty());
  EXPECT_TRUE(message.dead_letter_queue_source_arn.empty());
  EXPECT_EQ(message.receipt_handle.size(), 32u);
}

TEST_F(StandardQueue, SenderIdAndGroupIdAreKept) {
  SendRequest request;
  request.sender_id = "AIDAEXAMPLE";
  request.message_group_id = "tenant-1";  // fair queues: allowed, no ordering
  send("q", "m", request);
  const std::vector<ReceivedMessage> received = receive("q");
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].sender_id, "AIDAEXAMPLE");
  EXPECT_EQ(received[0].message_group_id, "tenant-1");
}

TEST_F(StandardQueue, ReceiveTakesOldestFirstUpToMaxNumberOfMessages) {
  for (int i = 0; i < 15; ++i) {
    send("q", "m" + std::to_string(i));
  }
  EXPECT_EQ(receiveBodies("q", 3), (Bodies{"m0", "m1", "m2"}));
  const Bodies next = receiveBodies("q", 10);
  EXPECT_EQ(next.size(), 10u);
  EXPECT_EQ(next.front(), "m3");
  EXPECT_EQ(receiveBodies("q", 10), (Bodies{"m13", "m14"}));
  EXPECT_TRUE(receive("q").empty());
}

TEST_F(StandardQueue, ReceiveValidatesItsArguments) {
  auto check = [&](ReceiveRequest request, const std::string& text) {
    auto result = engine_.receive("q", request, now_);
    EXPECT_EQ(codeOf(result), "InvalidParameterValue");
    EXPECT_EQ(textOf(result), text);
  };
  check({0, {}, {}},
        "Value 0 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, "
        "if provided.");
  check({11, {}, {}},
        "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, "
        "if provided.");
  check({1, -1, {}},
        "Value -1 for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, "
        "if provided.");
  check({1, 43201, {}},
        "Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= "
        "43200, if provided.");
  check({1, {}, 21},
        "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if "
        "provided.");
  check({1, {}, -1},
        "Value -1 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if "
        "provided.");
}

TEST_F(StandardQueue, ReceiveEchoesTheWaitTimeToUse) {
  ASSERT_TRUE(
      engine_.setQueueAttributes("q", {{"ReceiveMessageWaitTimeSeconds", "12"}}, now_).ok());
  EXPECT_EQ(engine_.receive("q", {1, {}, {}}, now_)->wait_time_seconds, 12);
  EXPECT_EQ(engine_.receive("q", {1, {}, 0}, now_)->wait_time_seconds, 0);
  EXPECT_EQ(engine_.receive("q", {1, {}, 20}, now_)->wait_time_seconds, 20);
}

TEST_F(StandardQueue, AReceivedMessageStaysInvisibleForTheVisibilityTimeout) {
  send("q", "m");
  const std::vector<ReceivedMessage> first = receive("q");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(counts("q"), (Bodies{"0", "1", "0"}));
  advanceMs(30 * kSecond - 1);
  EXPECT_TRUE(receive("q").empty());
  advanceMs(1);
  EXPECT_EQ(counts("q"), (Bodies{"1", "0", "0"}));
  const std::vector<ReceivedMessage> second = receive("q");
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].message_id, first[0].message_id);
  EXPECT_EQ(second[0].approximate_receive_count, 2u);
  EXPECT_EQ(second[0].approximate_first_receive_timestamp_ms,
            first[0].approximate_first_receive_timestamp_ms);
  EXPECT_NE(second[0].receipt_handle, first[0].receipt_handle);
}

TEST_F(StandardQueue, TheReceiveCanOverrideTheVisibilityTimeout) {
  send("q", "m");
  ASSERT_EQ(receive("q", 1, 5).size(), 1u);
  advanceSeconds(4);
  EXPECT_TRUE(receive("q").empty());
  advanceSeconds(1);
  EXPECT_EQ(receiveBodies("q"), Bodies{"m"});
}

TEST_F(StandardQueue, AZeroVisibilityTimeoutReturnsTheMessageOnTheNextReceiveNotTheSameOne) {
  send("q", "m");
  const std::vector<ReceivedMessage> first = receive("q", 10, 0);
  ASSERT_EQ(first.size(), 1u);
  const std::vector<ReceivedMessage> second = receive("q", 10, 0);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].approximate_receive_count, 2u);
}

TEST_F(StandardQueue, RedeliveredMessagesKeepCountingReceives) {
  send("q", "m");
  for (uint32_t expected = 1; expected <= 5; ++expected) {
    const std::vector<ReceivedMessage> received = receive("q", 1, 1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].approximate_receive_count, expected);
    advanceSeconds(1);
  }
}

TEST_F(StandardQueue, QueueDelaySecondsDelaysNewMessagesOnly) {
  ASSERT_TRUE(engine_.setQueueAttributes("q", {{"DelaySeconds", "10"}}, now_).ok());
  send("q", "delayed");
  EXPECT_EQ(counts("q"), (Bodies{"0", "0", "1"}));
  EXPECT_TRUE(receive("q").empty());
  // Lowering the queue's delay does not shorten it for a standard queue's sent messages.
  ASSERT_TRUE(engine_.setQueueAttributes("q", {{"DelaySeconds", "0"}}, now_).ok());
  advanceMs(10 * kSecond - 1);
  EXPECT_TRUE(receive("q").empty());
  advanceMs(1);
  EXPECT_EQ(receiveBodies("q"), Bodies{"delayed"});
}

TEST_F(StandardQueue, PerMessageDelayOverridesTheQueueDelay) {
  ASSERT_TRUE(engine_.setQueueAttributes("q", {{"DelaySeconds", "60"}}, now_).ok());
  SendRequest immediate;
  immediate.delay_seconds = 0;
  send("q", "now", immediate);
  SendRequest later;
  later.delay_seconds = 900;
  send("q", "later", later);
  send("q", "queue default");
  EXPECT_EQ(receiveBodies("q", 10, 3600), Bodies{"now"});
  advanceSeconds(60);
  EXPECT_EQ(receiveBodies("q", 10, 3600), Bodies{"queue default"});
  advanceSeconds(839);
  EXPECT_TRUE(receive("q").empty());
  advanceSeconds(1);
  EXPECT_EQ(receiveBodies("q"), Bodies{"later"});
}

TEST_F(StandardQueue, PerMessageDelayMustBeWithin900Seconds) {
  for (int bad : {-1, 901}) {
    SendRequest request;
    request.body = "m";
    request.delay_seconds = bad;
    auto sent = engine_.send("q", request, now_);
    EXPECT_EQ(codeOf(sent), "InvalidParameterValue");
    EXPECT_EQ(textOf(sent), "Value " + std::to_string(bad) +
                                " for parameter DelaySeconds is invalid. Reason: DelaySeconds "
                                "must be >= 0 and <= 900.");
  }
}

TEST_F(StandardQueue, ChangeVisibilityZeroMakesTheMessageVisibleAtOnce) {
  send("q", "m");
  const std::vector<ReceivedMessage> received = receive("q");
  ASSERT_EQ(received.size(), 1u);
  const uint64_t before = *engine_.version("q");
  ASSERT_TRUE(engine_.changeVisibility("q", received[0].receipt_handle, 0, now_).ok());
  EXPECT_GT(*engine_.version("q"), before);
  EXPECT_EQ(counts("q"), (Bodies{"1", "0", "0"}));
  EXPECT_EQ(receiveBodies("q"), Bodies{"m"});
}

TEST_F(StandardQueue, ChangeVisibilityCountsFromNow) {
  send("q", "m");
  const std::vector<ReceivedMessage> received = receive("q");  // 30 s
  advanceSeconds(20);
  ASSERT_TRUE(engine_.changeVisibility("q", received[0].receipt_handle, 60, now_).ok());
  advanceSeconds(59);
  EXPECT_TRUE(receive("q").empty());
  advanceSeconds(1);
  const std::vector<ReceivedMessage> again = receive("q");
  ASSERT_EQ(bodiesOf(again), Bodies{"m"});
  // Shortening works too.
  ASSERT_TRUE(engine_.changeVisibility("q", again[0].receipt_handle, 2, now_).ok());
  advanceMs(2 * kSecond - 1);
  EXPECT_TRUE(receive("q").empty());
  advanceMs(1);
  EXPECT_EQ(receiveBodies("q"), Bodies{"m"});
}

TEST_F(StandardQueue, ChangeVisibilityIsLimitedTo12HoursFromTheReceive) {
  send("q", "m");
  const std::vector<ReceivedMessage> received = receive("q");
  ASSERT_FALSE(received.empty());
  const std::string& handle = received[0].receipt_handle;
  Status too_long = engine_.changeVisibility("q", handle, 43201, now_);
  EXPECT_EQ(codeOf(too_long), "InvalidParameterValue");
  EXPECT_EQ(codeOf(engine_.changeVisibility("q", handle, -1, now_)), "InvalidParameterValue");
  ASSERT_TRUE(engine_.changeVisibility("q", handle, 43200, now_).ok());
  advanceSeconds(3600);
  Status total = engine_.changeVisibility("q", handle, 43200 - 3600 + 1, now_);
  EXPECT_EQ(codeOf(total), "InvalidParameterValue");
  EXPECT_EQ(textOf(total),
            "Value 39601 for parameter VisibilityTimeout is invalid. Reason: Total "
            "VisibilityTimeout for the message is beyond the limit [43200 seconds]");
  EXPECT_TRUE(engine_.changeVisibility("q", handle, 43200 - 3600, now_).ok());
}

TEST_F(StandardQueue, ChangeVisibilityOfAMessageNotInFlightIsMessageNotInflight) {
  send("q", "m");
  const std::vector<ReceivedMessage> received = receive("q", 1, 10);
  ASSERT_FALSE(received.empty());
  advanceSeconds(10);  // visible again, handle still the latest
  Status status = engine_.changeVisibility("q", received[0].receipt_handle, 30, now_);
  EXPECT_EQ(codeOf(status), "MessageNotInflight");
  EXPECT_EQ(textOf(status), "The message referred to isn't in flight.");
}

TEST_F(StandardQueue, ChangeVisibilityWithAStaleHandleIsRejected) {
  send("q", "m");
  const std::vector<ReceivedMessage> first = receive("q", 1, 1);
  ASSERT_FALSE(first.empty());
  advanceSeconds(1);
  const std::vector<ReceivedMessage> second = receive("q", 1, 60);
  ASSERT_EQ(second.size(), 1u);
  Status status = engine_.changeVisibility("q", first[0].receipt_handle, 0, now_);
  EXPECT_EQ(codeOf(status), "InvalidParameterValue");
  EXPECT_EQ(textOf(status), "Value " + first[0].receipt_handle +
                                " for parameter ReceiptHandle is invalid. Reason: The receipt "
                                "handle has expired.");
  EXPECT_EQ(counts("q"), (Bodies{"0", "1", "0"}));  // the newer receive is untouched
}

TEST_F(StandardQueue, ChangeVisibilityOfADeletedMessageOrGarbageFails) {
  send("q", "m");
  const std::vector<ReceivedMessage> received = receive("q");
  ASSERT_FALSE(received.empty());
  deleteMessage("q", received[0]);
  Status gone = engine_.changeVisibility("q", received[0].receipt_handle, 10, now_);
  EXPECT_EQ(codeOf(gone), "InvalidParameterValue");
  EXPECT_NE(textOf(gone).find("Message does not exist or is not available for visibility timeout "
                              "change."),
            std::string::npos);
  EXPECT_EQ(codeOf(engine_.changeVisibility("q", "garbage", 10, now_)), "ReceiptHandleIsInvalid");
}

TEST_F(StandardQueue, DeleteWithTheCurrentHandleDeletesAndRepeatingItSucceeds) {
  send("q", "m");
  const std::vector<ReceivedMessage> received = receive("q");
  ASSERT_FALSE(received.empty());
  const uint64_t before = *engine_.version("q");
  deleteMessage("q", received[0]);
  EXPECT_EQ(*engine_.version("q"), before);  // nothing became receivable
  EXPECT_EQ(counts("q"), (Bodies{"0", "0", "0"}));
  deleteMessage("q", received[0]);
  advanceSeconds(60);
  EXPECT_TRUE(receive("q").empty());
}

TEST_F(StandardQueue, AStaleHandleStillDeletesOnAStandardQueue) {
  send("q", "m");
  const std::vector<ReceivedMessage> first = receive("q", 1, 1);
  ASSERT_FALSE(first.empty());
  advanceSeconds(1);
  const std::vector<ReceivedMessage> second = receive("q", 1, 60);
  ASSERT_EQ(second.size(), 1u);
  deleteMessage("q", first[0]);
  EXPECT_EQ(counts("q"), (Bodies{"0", "0", "0"}));
}

TEST_F(StandardQueue, AnExpiredButLatestHandleStillDeletes) {
  send("q", "m");
  const std::vector<ReceivedMessage> received = receive("q", 1, 1);
  ASSERT_FALSE(received.empty());
  advanceSeconds(5);
  EXPECT_EQ(counts("q"), (Bodies{"1", "0", "0"}));
  deleteMessage("q", received[0]);
  EXPECT_TRUE(receive("q").empty());
}

TEST_F(StandardQueue, GarbageAndForeignHandlesAreReceiptHandleIsInvalid) {
  createQueue("other");
  send("other", "m");
  const std::vector<ReceivedMessage> foreign = receive("other");
  ASSERT_EQ(foreign.size(), 1u);
  for (std::string handle : std::vector<std::string>{
           std::string("garbage"), std::string(), foreign[0].receipt_handle,
           foreign[0].receipt_handle.substr(0, 31) + "A", std::string(1024, 'A')}) {
    Status status = engine_.deleteMessage("q", handle, now_);
    EXPECT_EQ(codeOf(status), "ReceiptHandleIsInvalid") << handle;
    EXPECT_EQ(textOf(status),
              "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
  }
  EXPECT_EQ(counts("other"), (Bodies{"0", "1", "0"}));
}

TEST_F(StandardQueue, SizeLimitCountsBodyAndAttributes) {
  ASSERT_TRUE(engine_.setQueueAttributes("q", {{"MaximumMessageSize", "1024"}}, now_).ok());
  SendRequest request;
  request.message_attributes["k"] = {"String", "v", ""};  // 8 bytes
  request.body = std::string(1024 - 8, 'x');
  EXPECT_TRUE(engine_.send("q", request, now_).ok());
  request.body.push_back('x');
  auto too_long = engine_.send("q", request, now_);
  EXPECT_EQ(codeOf(too_long), "InvalidParameterValue");
  EXPECT_EQ(textOf(too_long),
            "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.");
  // UTF-8 bytes, not characters.
  SendRequest wide;
  wide.body.reserve(1026);
  for (int i = 0; i < 342; ++i) {
    wide.body += "\xe2\x82\xac";  // 3 bytes each: 1026
  }
  EXPECT_EQ(codeOf(engine_.send("q", wide, now_)), "InvalidParameterValue");
}

TEST_F(StandardQueue, DefaultSizeLimitIs256KiB) {
  SendRequest request;
  request.body = std::string(262144, 'x');
  EXPECT_TRUE(engine_.send("q", request, now_).ok());
  request.body.push_back('x');
  EXPECT_EQ(codeOf(engine_.send("q", request, now_)), "InvalidParameterValue");
}

TEST_F(StandardQueue, BodyCharacterRulesAndEmptyBodies) {
  SendRequest bad;
  bad.body = std::string("nul\0inside", 10);
  EXPECT_EQ(codeOf(engine_.send("q", bad, now_)), "InvalidMessageContents");
  SendRequest empty;
  EXPECT_EQ(codeOf(engine_.send("q", empty, now_)), "MissingParameter");
  SendRequest attributes;
  attributes.body = "ok";
  attributes.message_attributes["AWS.reserved"] = {"String", "v", ""};
  EXPECT_EQ(codeOf(engine_.send("q", attributes, now_)), "InvalidParameterValue");
  EXPECT_EQ(counts("q"), (Bodies{"0", "0", "0"}));
}

TEST_F(StandardQueue, FifoOnlyParametersAreRejected) {
  SendRequest request;
  request.body = "m";
  request.message_deduplication_id = "d1";
  auto sent = engine_.send("q", request, now_);
  EXPECT_EQ(codeOf(sent), "InvalidParameterValue");
  EXPECT_EQ(textOf(sent),
            "Value d1 for parameter MessageDeduplicationId is invalid. Reason: The "
            "request includes a parameter that is not valid for this queue type.");
  request.message_deduplication_id.clear();
  request.message_group_id = "bad group";
  EXPECT_EQ(codeOf(engine_.send("q", request, now_)), "InvalidParameterValue");
}

TEST_F(StandardQueue, MessagesPastTheRetentionPeriodDisappearWhateverTheirState) {
  ASSERT_TRUE(engine_.setQueueAttributes("q", {{"MessageRetentionPeriod", "60"}}, now_).ok());
  send("q", "old in flight");
  send("q", "old visible");
  receive("q", 1, 3600);
  advanceSeconds(30);
  send("q", "young");
  advanceMs(30 * kSecond - 1);
  EXPECT_EQ(counts("q"), (Bodies{"2", "1", "0"}));
  advanceMs(1);
  EXPECT_EQ(counts("q"), (Bodies{"1", "0", "0"}));
  EXPECT_EQ(receiveBodies("q"), Bodies{"young"});
}

TEST_F(StandardQueue, AShorterRetentionPeriodAppliesToQueuedMessages) {
  send("q", "m");
  advanceSeconds(120);
  ASSERT_TRUE(engine_.setQueueAttributes("q", {{"MessageRetentionPeriod", "60"}}, now_).ok());
  EXPECT_EQ(counts("q"), (Bodies{"0", "0", "0"}));
}

TEST_F(StandardQueue, NextChangeIsTheEarliestDelayOrVisibilityEnd) {
  EXPECT_EQ(*engine_.nextChange("q", now_), std::nullopt);
  send("q", "visible");
  EXPECT_EQ(*engine_.nextChange("q", now_), std::nullopt);
  SendRequest delayed;
  delayed.delay_seconds = 100;
  send("q", "delayed", delayed);
  EXPECT_EQ(*engine_.nextChange("q", now_), now_ + 100 * kSecond);
  const std::vector<ReceivedMessage> received = receive("q", 1, 40);
  ASSERT_FALSE(received.empty());
  EXPECT_EQ(*engine_.nextChange("q", now_), now_ + 40 * kSecond);
  // A deleted in-flight message no longer counts.
  deleteMessage("q", received[0]);
  EXPECT_EQ(*engine_.nextChange("q", now_), now_ + 100 * kSecond);
  // Nor does an extended one at its old time.
  send("q", "again");
  const std::vector<ReceivedMessage> again = receive("q", 1, 10);
  ASSERT_TRUE(engine_.changeVisibility("q", again[0].receipt_handle, 200, now_).ok());
  EXPECT_EQ(*engine_.nextChange("q", now_), now_ + 100 * kSecond);
  advanceSeconds(100);
  EXPECT_EQ(*engine_.nextChange("q", now_), now_ + 100 * kSecond);
}

TEST_F(StandardQueue, VersionMovesOnSendsAndVisibilityChangesButNotOnReceives) {
  const uint64_t created = *engine_.version("q");
  send("q", "m");
  const uint64_t sent = *engine_.version("q");
  EXPECT_GT(sent, created);
  receive("q", 1, 5);
  EXPECT_EQ(*engine_.version("q"), sent);
  advanceSeconds(5);
  engine_.advanceTime(now_);  // the timeout ends: the message is visible again
  EXPECT_GT(*engine_.version("q"), sent);
}

TEST_F(StandardQueue, ManyMessagesComeBackExactlyOnceEach) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    ids.insert(send("q", "m" + std::to_string(i)).message_id);
  }
  std::set<std::string> received;
  for (;;) {
    const std::vector<ReceivedMessage> batch = receive("q", 10);
    if (batch.empty()) {
      break;
    }
    for (const ReceivedMessage& message : batch) {
      EXPECT_TRUE(received.insert(message.message_id).second);
      if (received.size() % 3 != 0) {
        deleteMessage("q", message);
      }
    }
  }
  EXPECT_EQ(received, ids);
  EXPECT_EQ(counts("q"), (Bodies{"0", "333", "0"}));
  advanceSeconds(30);
  EXPECT_EQ(receive("q", 10).size(), 10u);
}

}  // namespace
}  // namespace switchyard::sqs
