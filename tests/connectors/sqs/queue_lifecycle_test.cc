// QueueEngine: creating, listing, configuring, purging and deleting queues.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sqs_test_util.h"

namespace switchyard::sqs {
namespace {

using testing::codeOf;
using testing::kSecond;
using testing::kStartMs;
using testing::textOf;

class QueueLifecycle : public testing::SqsEngineTest {};

TEST_F(QueueLifecycle, CreateReturnsTheArnAndTheQueueIsListed) {
  auto created = engine_.createQueue("orders", {}, now_);
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->created);
  EXPECT_EQ(created->name, "orders");
  EXPECT_EQ(created->arn, "arn:aws:sqs:us-east-1:000000000000:orders");
  EXPECT_TRUE(engine_.hasQueue("orders"));
  EXPECT_FALSE(engine_.hasQueue("Orders"));  // names are case-sensitive
  EXPECT_EQ(engine_.listQueues(), std::vector<std::string>{"orders"});
}

TEST_F(QueueLifecycle, TheScopeComesFromTheOptions) {
  EngineOptions options;
  options.scope.region = "eu-west-1";
  options.scope.account = "123456789012";
  QueueEngine engine(options);
  auto created = engine.createQueue("q", {}, now_);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->arn, "arn:aws:sqs:eu-west-1:123456789012:q");
  EXPECT_EQ(engine.queueArn("x"), "arn:aws:sqs:eu-west-1:123456789012:x");
}

TEST_F(QueueLifecycle, CreatingAnExistingQueueWithTheSameAttributesReturnsIt) {
  createQueue("orders", {{"VisibilityTimeout", "60"}, {"DelaySeconds", "5"}});
  send("orders", "kept");
  for (AttributeMap attributes :
       {AttributeMap{{"VisibilityTimeout", "60"}, {"DelaySeconds", "5"}},
        AttributeMap{{"VisibilityTimeout", "60"}}, AttributeMap{},
        AttributeMap{{"FifoQueue", "false"}}, AttributeMap{{"VisibilityTimeout", "060"}}}) {
    auto again = engine_.createQueue("orders", attributes, now_ + kSecond);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_FALSE(again->created);
  }
  EXPECT_EQ(counts("orders")[2], "1");  // the same queue, message and all
}

TEST_F(QueueLifecycle, CreatingAnExistingQueueWithDifferentAttributesIsQueueNameExists) {
  createQueue("orders", {{"VisibilityTimeout", "60"}});
  auto again = engine_.createQueue("orders", {{"VisibilityTimeout", "61"}}, now_);
  EXPECT_EQ(codeOf(again), "QueueNameExists");
  EXPECT_EQ(textOf(again),
            "A queue already exists with the same name and a different value for attribute "
            "VisibilityTimeout");
  EXPECT_EQ(codeOf(engine_.createQueue("orders", {{"DelaySeconds", "1"}}, now_)),
            "QueueNameExists");
}

TEST_F(QueueLifecycle, CreateValidatesNameAndAttributesFirst) {
  EXPECT_EQ(codeOf(engine_.createQueue("orders.fifo", {}, now_)), "InvalidParameterValue");
  EXPECT_EQ(codeOf(engine_.createQueue("orders", {{"FifoQueue", "true"}}, now_)),
            "InvalidParameterValue");
  EXPECT_EQ(codeOf(engine_.createQueue(std::string(81, 'q'), {}, now_)), "InvalidParameterValue");
  EXPECT_EQ(codeOf(engine_.createQueue("q", {{"DelaySeconds", "901"}}, now_)),
            "InvalidAttributeValue");
  EXPECT_EQ(codeOf(engine_.createQueue("q", {{"Bogus", "1"}}, now_)), "InvalidAttributeName");
  EXPECT_TRUE(engine_.listQueues().empty());
}

TEST_F(QueueLifecycle, FifoQueuesReportTheirFifoAttributes) {
  createFifoQueue("jobs.fifo", {{"ContentBasedDeduplication", "true"}});
  AttributeMap all = attributes("jobs.fifo");
  EXPECT_EQ(all["FifoQueue"], "true");
  EXPECT_EQ(all["ContentBasedDeduplication"], "true");
  EXPECT_EQ(all["DeduplicationScope"], "queue");
  EXPECT_EQ(all["FifoThroughputLimit"], "perQueue");
  createQueue("plain");
  EXPECT_FALSE(attributes("plain").contains("FifoQueue"));
}

TEST_F(QueueLifecycle, GetQueueAttributesReportsSettingsCountsTimesAndArn) {
  createQueue("q", {{"DelaySeconds", "10"}});
  advanceSeconds(5);
  send("q", "delayed");
  SendRequest now_visible;
  now_visible.delay_seconds = 0;
  send("q", "one", now_visible);
  send("q", "two", now_visible);
  receive("q", 1);
  AttributeMap all = attributes("q");
  EXPECT_EQ(all["ApproximateNumberOfMessages"], "1");
  EXPECT_EQ(all["ApproximateNumberOfMessagesNotVisible"], "1");
  EXPECT_EQ(all["ApproximateNumberOfMessagesDelayed"], "1");
  EXPECT_EQ(all["CreatedTimestamp"], std::to_string(kStartMs / 1000));
  EXPECT_EQ(all["LastModifiedTimestamp"], std::to_string(kStartMs / 1000));
  EXPECT_EQ(all["QueueArn"], "arn:aws:sqs:us-east-1:000000000000:q");
  EXPECT_EQ(all["DelaySeconds"], "10");
  EXPECT_EQ(all["VisibilityTimeout"], "30");
  EXPECT_EQ(all["MaximumMessageSize"], "262144");
  EXPECT_EQ(all["MessageRetentionPeriod"], "345600");
  EXPECT_EQ(all["ReceiveMessageWaitTimeSeconds"], "0");
  EXPECT_FALSE(all.contains("RedrivePolicy"));
  EXPECT_FALSE(all.contains("All"));
}

TEST_F(QueueLifecycle, GetQueueAttributesSelectsByName) {
  createQueue("q");
  auto some = engine_.getQueueAttributes("q", {"VisibilityTimeout", "QueueArn", "FifoQueue"}, now_);
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(*some, (AttributeMap{{"VisibilityTimeout", "30"},
                                 {"QueueArn", "arn:aws:sqs:us-east-1:000000000000:q"}}));
  auto none = engine_.getQueueAttributes("q", {}, now_);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto unknown = engine_.getQueueAttributes("q", {"VisibilityTimeout", "Nope"}, now_);
  EXPECT_EQ(codeOf(unknown), "InvalidAttributeName");
  EXPECT_EQ(textOf(unknown), "Unknown Attribute Nope.");
}

TEST_F(QueueLifecycle, SetQueueAttributesChangesSettingsAndLastModified) {
  createQueue("q");
  advanceSeconds(100);
  ASSERT_TRUE(engine_.setQueueAttributes("q", {{"VisibilityTimeout", "5"}}, now_).ok());
  AttributeMap all = attributes("q");
  EXPECT_EQ(all["VisibilityTimeout"], "5");
  EXPECT_EQ(all["LastModifiedTimestamp"], std::to_string(kStartMs / 1000 + 100));
  EXPECT_EQ(all["CreatedTimestamp"], std::to_string(kStartMs / 1000));
  // The new default visibility timeout applies to the next receive.
  send("q", "m");
  receive("q");
  advanceSeconds(5);
  EXPECT_EQ(receiveBodies("q"), std::vector<std::string>{"m"});
}

TEST_F(QueueLifecycle, SetQueueAttributesIsAllOrNothing) {
  createQueue("q");
  Status status = engine_.setQueueAttributes(
      "q", {{"DelaySeconds", "3"}, {"MaximumMessageSize", "1023"}}, now_);
  EXPECT_EQ(codeOf(status), "InvalidAttributeValue");
  EXPECT_EQ(attributes("q")["DelaySeconds"], "0");
  EXPECT_EQ(codeOf(engine_.setQueueAttributes("q", {{"FifoQueue", "true"}}, now_)),
            "InvalidAttributeValue");
  EXPECT_EQ(codeOf(engine_.setQueueAttributes("q", {{"QueueArn", "x"}}, now_)),
            "InvalidAttributeName");
}

TEST_F(QueueLifecycle, ListQueuesFiltersByCaseSensitivePrefix) {
  for (std::string name : std::vector<std::string>{"orders-eu", "orders-us", "Orders", "billing"}) {
    createQueue(name);
  }
  EXPECT_EQ(engine_.listQueues("orders"), (std::vector<std::string>{"orders-eu", "orders-us"}));
  EXPECT_EQ(engine_.listQueues("O"), std::vector<std::string>{"Orders"});
  EXPECT_EQ(engine_.listQueues(),
            (std::vector<std::string>{"Orders", "billing", "orders-eu", "orders-us"}));
  EXPECT_TRUE(engine_.listQueues("x").empty());
}

TEST_F(QueueLifecycle, DeleteQueueRemovesItAndItsMessages) {
  createQueue("q");
  send("q", "gone");
  ASSERT_TRUE(engine_.deleteQueue("q").ok());
  EXPECT_FALSE(engine_.hasQueue("q"));
  EXPECT_EQ(codeOf(engine_.deleteQueue("q")), "QueueDoesNotExist");
  createQueue("q");
  EXPECT_TRUE(receive("q").empty());
}

TEST_F(QueueLifecycle, EveryOperationOnAnUnknownQueueIsQueueDoesNotExist) {
  SendRequest request;
  request.body = "x";
  EXPECT_EQ(codeOf(engine_.send("nope", request, now_)), "QueueDoesNotExist");
  EXPECT_EQ(textOf(engine_.send("nope", request, now_)), "The specified queue does not exist.");
  EXPECT_EQ(codeOf(engine_.receive("nope", {}, now_)), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.deleteMessage("nope", "h", now_)), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.changeVisibility("nope", "h", 1, now_)), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.getQueueAttributes("nope", {"All"}, now_)), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.setQueueAttributes("nope", {}, now_)), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.purgeQueue("nope", now_)), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.nextChange("nope", now_)), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.version("nope")), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.snapshot("nope", now_)), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.listQueueTags("nope")), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.tagQueue("nope", {})), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.untagQueue("nope", {})), "QueueDoesNotExist");
  EXPECT_EQ(codeOf(engine_.listDeadLetterSourceQueues("nope")), "QueueDoesNotExist");
  EXPECT_EQ(engine_.send("nope", request, now_).error().code, Errc::kNotFound);
}

TEST_F(QueueLifecycle, PurgeDeletesEveryMessageOncePerMinute) {
  createQueue("q");
  send("q", "visible");
  SendRequest delayed;
  delayed.delay_seconds = 60;
  send("q", "delayed", delayed);
  send("q", "in flight");
  const std::vector<ReceivedMessage> in_flight = receive("q", 1);
  ASSERT_EQ(in_flight.size(), 1u);
  ASSERT_TRUE(engine_.purgeQueue("q", now_).ok());
  EXPECT_EQ(counts("q"), (std::vector<std::string>{"0", "0", "0"}));
  // A handle of a purged message deletes nothing and fails nothing.
  EXPECT_TRUE(engine_.deleteMessage("q", in_flight[0].receipt_handle, now_).ok());
  advanceSeconds(59);
  Status again = engine_.purgeQueue("q", now_);
  EXPECT_EQ(codeOf(again), "PurgeQueueInProgress");
  EXPECT_EQ(textOf(again), "Only one PurgeQueue operation on q is allowed every 60 seconds.");
  EXPECT_EQ(again.error().code, Errc::kResourceExhausted);
  send("q", "after");  // sends still work meanwhile
  EXPECT_EQ(receiveBodies("q"), std::vector<std::string>{"after"});
  advanceSeconds(1);
  EXPECT_TRUE(engine_.purgeQueue("q", now_).ok());
  advanceSeconds(120);
  EXPECT_TRUE(receive("q").empty());
}

TEST_F(QueueLifecycle, TagsAreKeptPerQueue) {
  ASSERT_TRUE(engine_.createQueue("q", {}, now_, {{"team", "core"}, {"env", "dev"}}).ok());
  ASSERT_TRUE(engine_.tagQueue("q", {{"env", "prod"}, {"cost", "1"}}).ok());
  ASSERT_TRUE(engine_.untagQueue("q", {"team", "absent"}).ok());
  auto tags = engine_.listQueueTags("q");
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(*tags, (TagMap{{"cost", "1"}, {"env", "prod"}}));
  TagMap many;
  for (int i = 0; i < 49; ++i) {
    many["k" + std::to_string(i)] = "v";
  }
  EXPECT_EQ(codeOf(engine_.tagQueue("q", many)), "InvalidParameterValue");
  EXPECT_EQ(codeOf(engine_.tagQueue("q", {{"", "v"}})), "InvalidParameterValue");
  EXPECT_EQ(engine_.listQueueTags("q")->size(), 2u);
}

TEST_F(QueueLifecycle, AReCreatedQueueRejectsTheOldQueuesHandlesAndKeepsVersionsIncreasing) {
  createQueue("q");
  send("q", "m");
  const std::vector<ReceivedMessage> old = receive("q");
  ASSERT_EQ(old.size(), 1u);
  const uint64_t old_version = *engine_.version("q");
  ASSERT_TRUE(engine_.deleteQueue("q").ok());
  createQueue("q");
  EXPECT_GT(*engine_.version("q"), old_version);
  Status status = engine_.deleteMessage("q", old[0].receipt_handle, now_);
  EXPECT_EQ(codeOf(status), "ReceiptHandleIsInvalid");
  EXPECT_EQ(textOf(status), "The input receipt handle \"" + old[0].receipt_handle +
                                "\" is not a valid receipt handle.");
}

TEST_F(QueueLifecycle, ListDeadLetterSourceQueues) {
  createQueue("dlq");
  const std::string policy =
      R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":3})";
  createQueue("b", {{"RedrivePolicy", policy}});
  createQueue("a", {{"RedrivePolicy", policy}});
  createQueue("c");
  auto sources = engine_.listDeadLetterSourceQueues("dlq");
  ASSERT_TRUE(sources.ok());
  EXPECT_EQ(*sources, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(engine_.listDeadLetterSourceQueues("c")->empty());
}

}  // namespace
}  // namespace switchyard::sqs
