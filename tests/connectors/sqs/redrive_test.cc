// QueueEngine: dead-letter queues (RedrivePolicy / maxReceiveCount).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sqs_test_util.h"

namespace switchyard::sqs {
namespace {

using testing::bodiesOf;
using testing::codeOf;
using testing::kSecond;
using testing::textOf;
using Bodies = std::vector<std::string>;

std::string policyFor(const std::string& dead_letter_queue, int max_receive_count) {
  return R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:)" + dead_letter_queue +
         R"(","maxReceiveCount":)" + std::to_string(max_receive_count) + "}";
}

class Redrive : public testing::SqsEngineTest {};

TEST_F(Redrive, AMessageReceivedMaxReceiveCountTimesMovesToTheDeadLetterQueue) {
  createQueue("dlq");
  createQueue("work", {{"RedrivePolicy", policyFor("dlq", 2)}});
  const SendResult sent = send("work", "poison");
  const int64_t sent_at = now_;
  for (uint32_t receive_count = 1; receive_count <= 2; ++receive_count) {
    const std::vector<ReceivedMessage> received = receive("work", 10, 1);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0].approximate_receive_count, receive_count);
    advanceSeconds(1);
  }
  const uint64_t dlq_version = *engine_.version("dlq");
  EXPECT_TRUE(receive("work").empty());  // the third receive moves it instead
  EXPECT_GT(*engine_.version("dlq"), dlq_version);
  EXPECT_EQ(counts("work"), (Bodies{"0", "0", "0"}));
  EXPECT_EQ(counts("dlq"), (Bodies{"1", "0", "0"}));
  const std::vector<ReceivedMessage> dead = receive("dlq");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].message_id, sent.message_id);
  EXPECT_EQ(dead[0].body, "poison");
  EXPECT_EQ(dead[0].approximate_receive_count, 3u);  // the moves are not receives
  EXPECT_EQ(dead[0].sent_timestamp_ms, sent_at);
  EXPECT_EQ(dead[0].dead_letter_queue_source_arn, "arn:aws:sqs:us-east-1:000000000000:work");
  deleteMessage("dlq", dead[0]);
  EXPECT_EQ(counts("dlq"), (Bodies{"0", "0", "0"}));
}

TEST_F(Redrive, TheBatchIsFilledFromLaterMessages) {
  createQueue("dlq");
  createQueue("work", {{"RedrivePolicy", policyFor("dlq", 1)}});
  send("work", "poison-1");
  send("work", "poison-2");
  ASSERT_EQ(receive("work", 2, 1).size(), 2u);
  send("work", "fresh-1");
  send("work", "fresh-2");
  advanceSeconds(1);
  EXPECT_EQ(receiveBodies("work", 2), (Bodies{"fresh-1", "fresh-2"}));
  EXPECT_EQ(receiveBodies("dlq"), (Bodies{"poison-1", "poison-2"}));
}

TEST_F(Redrive, MessageAttributesTravelToTheDeadLetterQueue) {
  createQueue("dlq");
  createQueue("work", {{"RedrivePolicy", policyFor("dlq", 1)}});
  SendRequest request;
  request.message_attributes["kind"] = {"String", "order", ""};
  request.aws_trace_header = "Root=1-abc";
  const SendResult sent = send("work", "m", request);
  receive("work", 1, 0);
  receive("work");
  const std::vector<ReceivedMessage> dead = receive("dlq");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].message_attributes, request.message_attributes);
  EXPECT_EQ(dead[0].md5_of_message_attributes, sent.md5_of_message_attributes);
  EXPECT_EQ(dead[0].aws_trace_header, "Root=1-abc");
}

TEST_F(Redrive, ThePolicyMustNameAnExistingQueueOfTheSameTypeOtherThanItself) {
  createQueue("work");
  Status missing =
      engine_.setQueueAttributes("work", {{"RedrivePolicy", policyFor("nope", 3)}}, now_);
  EXPECT_EQ(codeOf(missing), "InvalidParameterValue");
  EXPECT_EQ(textOf(missing), "Value " + policyFor("nope", 3) +
                                 " for parameter RedrivePolicy is invalid. Reason: Dead letter "
                                 "target does not exist.");
  EXPECT_EQ(codeOf(engine_.createQueue("other", {{"RedrivePolicy", policyFor("nope", 3)}}, now_)),
            "InvalidParameterValue");
  EXPECT_FALSE(engine_.hasQueue("other"));
  createFifoQueue("dlq.fifo");
  EXPECT_EQ(codeOf(engine_.setQueueAttributes("work", {{"RedrivePolicy", policyFor("dlq.fifo", 3)}},
                                              now_)),
            "InvalidParameterValue");
  EXPECT_EQ(
      codeOf(engine_.setQueueAttributes("work", {{"RedrivePolicy", policyFor("work", 3)}}, now_)),
      "InvalidParameterValue");
  EXPECT_FALSE(attributes("work").contains("RedrivePolicy"));
}

TEST_F(Redrive, WithoutTheDeadLetterQueueMessagesAreDelivered) {
  createQueue("dlq");
  createQueue("work", {{"RedrivePolicy", policyFor("dlq", 1)}});
  send("work", "m");
  receive("work", 1, 0);
  ASSERT_TRUE(engine_.deleteQueue("dlq").ok());
  const std::vector<ReceivedMessage> again = receive("work");
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].approximate_receive_count, 2u);
  // A queue re-created under the name is the target again.
  createQueue("dlq");
  advanceSeconds(30);
  EXPECT_TRUE(receive("work").empty());
  EXPECT_EQ(receiveBodies("dlq"), Bodies{"m"});
}

TEST_F(Redrive, RemovingThePolicyStopsRedrive) {
  createQueue("dlq");
  createQueue("work", {{"RedrivePolicy", policyFor("dlq", 1)}});
  send("work", "m");
  receive("work", 1, 0);
  ASSERT_TRUE(engine_.setQueueAttributes("work", {{"RedrivePolicy", ""}}, now_).ok());
  EXPECT_EQ(receiveBodies("work"), Bodies{"m"});
}

TEST_F(Redrive, AStandardDeadLetterQueueKeepsTheOriginalEnqueueTime) {
  createQueue("dlq", {{"MessageRetentionPeriod", "120"}});
  createQueue("work", {{"RedrivePolicy", policyFor("dlq", 1)}});
  send("work", "m");
  receive("work", 1, 100);
  advanceSeconds(100);
  EXPECT_TRUE(receive("work").empty());  // moved at 100 s
  EXPECT_EQ(counts("dlq"), (Bodies{"1", "0", "0"}));
  advanceSeconds(20);  // 120 s after the original send
  EXPECT_EQ(counts("dlq"), (Bodies{"0", "0", "0"}));
}

TEST_F(Redrive, AFifoDeadLetterQueueResetsTheEnqueueTime) {
  createFifoQueue("dlq.fifo", {{"MessageRetentionPeriod", "120"}});
  createFifoQueue("work.fifo", {{"RedrivePolicy", policyFor("dlq.fifo", 1)}});
  sendToGroup("work.fifo", "m", "g");
  receive("work.fifo", 1, 100);
  advanceSeconds(100);
  EXPECT_TRUE(receive("work.fifo").empty());
  advanceSeconds(119);
  EXPECT_EQ(counts("dlq.fifo"), (Bodies{"1", "0", "0"}));
  advanceSeconds(1);
  EXPECT_EQ(counts("dlq.fifo"), (Bodies{"0", "0", "0"}));
}

TEST_F(Redrive, FifoRedriveKeepsGroupOrderAndUnblocksTheGroup) {
  createFifoQueue("dlq.fifo");
  createFifoQueue("work.fifo", {{"RedrivePolicy", policyFor("dlq.fifo", 1)}});
  sendToGroup("work.fifo", "a1", "a");
  sendToGroup("work.fifo", "a2", "a");
  sendToGroup("work.fifo", "a3", "a");
  EXPECT_EQ(receiveBodies("work.fifo", 2, 0), (Bodies{"a1", "a2"}));
  // a1 and a2 were received once: both move; a3 is delivered in the same receive.
  const std::vector<ReceivedMessage> next = receive("work.fifo", 10);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].body, "a3");
  const std::vector<ReceivedMessage> dead = receive("dlq.fifo");
  ASSERT_EQ(dead.size(), 2u);
  EXPECT_EQ(bodiesOf(dead), (Bodies{"a1", "a2"}));
  EXPECT_EQ(dead[0].message_group_id, "a");
  EXPECT_LT(std::stoull(dead[0].sequence_number), std::stoull(dead[1].sequence_number));
}

}  // namespace
}  // namespace switchyard::sqs
