#include "connectors/sns/engine/sns_topics.h"

#include <gtest/gtest.h>

namespace switchyard::sns {
namespace {

constexpr const char* kFunction = "arn:aws:lambda:us-east-1:000000000000:function:notify";
constexpr const char* kQueue = "arn:aws:sqs:us-east-1:000000000000:orders";

TEST(SnsTopics, CreateTopicIsIdempotentAndNamesItsArn) {
  TopicRegistry registry("us-east-1", "000000000000");
  Result<const Topic*> first = registry.createTopic("orders", {});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)->arn, "arn:aws:sns:us-east-1:000000000000:orders");
  Result<const Topic*> again = registry.createTopic("orders", {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*first, *again);
  EXPECT_EQ(registry.topics().size(), 1u);
}

TEST(SnsTopics, InvalidNamesAndFifoMismatchAreInvalidParameter) {
  TopicRegistry registry("us-east-1", "000000000000");
  EXPECT_EQ(registry.createTopic("bad name", {}).error().message.rfind("InvalidParameter:", 0), 0u);
  EXPECT_FALSE(registry.createTopic("", {}).ok());
  EXPECT_FALSE(registry.createTopic("plain", {{"FifoTopic", "true"}}).ok());
  EXPECT_TRUE(registry.createTopic("ordered.fifo", {{"FifoTopic", "true"}}).ok());
}

TEST(SnsTopics, SubscribeToAMissingTopicIsNotFound) {
  TopicRegistry registry("us-east-1", "000000000000");
  Result<const Subscription*> result =
      registry.subscribe("arn:aws:sns:us-east-1:000000000000:nope", "lambda", kFunction, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message.rfind("NotFound:", 0), 0u);
}

TEST(SnsTopics, SubscribeChecksProtocolAndEndpointAndDeduplicates) {
  TopicRegistry registry("us-east-1", "000000000000");
  std::string topic = (*registry.createTopic("t", {}))->arn;
  EXPECT_FALSE(registry.subscribe(topic, "email", "a@b.c", {}).ok());
  EXPECT_FALSE(registry.subscribe(topic, "lambda", kQueue, {}).ok())
      << "a queue ARN is not a function";
  Result<const Subscription*> first = registry.subscribe(topic, "lambda", kFunction, {});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)->arn.rfind(topic + ":", 0), 0u);
  Result<const Subscription*> second = registry.subscribe(topic, "lambda", kFunction, {});
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(registry.subscriptions(topic).size(), 1u);
}

TEST(SnsTopics, FilterPolicyOnAttributesSelectsSubscriptions) {
  TopicRegistry registry("us-east-1", "000000000000");
  const Topic* topic = *registry.createTopic("t", {});
  ASSERT_TRUE(registry
                  .subscribe(topic->arn, "lambda", kFunction,
                             {{"FilterPolicy",
                               R"({"store":["example_corp"],"price":[{"numeric":[">=",100]}]})"}})
                  .ok());
  ASSERT_TRUE(registry.subscribe(topic->arn, "sqs", kQueue, {}).ok());
  MessageAttributes big{{"store", {"String", "example_corp"}}, {"price", {"Number", "150"}}};
  MessageAttributes small{{"store", {"String", "example_corp"}}, {"price", {"Number", "5"}}};
  EXPECT_EQ(registry.matching(*topic, "hello", big).size(), 2u);
  auto only_queue = registry.matching(*topic, "hello", small);
  ASSERT_EQ(only_queue.size(), 1u);
  EXPECT_EQ(only_queue[0]->protocol, "sqs");
}

TEST(SnsTopics, FilterPolicyScopeMessageBodyMatchesTheJsonBody) {
  TopicRegistry registry("us-east-1", "000000000000");
  const Topic* topic = *registry.createTopic("t", {});
  ASSERT_TRUE(registry
                  .subscribe(topic->arn, "lambda", kFunction,
                             {{"FilterPolicy", R"({"order":{"kind":["refund"]}})"},
                              {"FilterPolicyScope", "MessageBody"}})
                  .ok());
  EXPECT_EQ(registry.matching(*topic, R"({"order":{"kind":"refund"}})", {}).size(), 1u);
  EXPECT_EQ(registry.matching(*topic, R"({"order":{"kind":"sale"}})", {}).size(), 0u);
  EXPECT_EQ(registry.matching(*topic, "not json", {}).size(), 0u);
}

TEST(SnsTopics, BadFilterPolicyIsRejectedWithItsError) {
  TopicRegistry registry("us-east-1", "000000000000");
  const Topic* topic = *registry.createTopic("t", {});
  Result<const Subscription*> result = registry.subscribe(
      topic->arn, "lambda", kFunction, {{"FilterPolicy", R"({"a":"notalist"})"}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message.rfind("InvalidParameter:", 0), 0u) << result.error().message;
  EXPECT_FALSE(
      registry.subscribe(topic->arn, "lambda", kFunction, {{"FilterPolicy", "{not json"}}).ok());
}

TEST(SnsTopics, AttributesAsJsonKeepsTypes) {
  MessageAttributes attributes{{"s", {"String", "v"}},
                               {"n", {"Number", "1.5"}},
                               {"a", {"String.Array", R"(["x", 2])"}},
                               {"b", {"Binary", "\x01\x02"}}};
  EXPECT_EQ(attributesAsJson(attributes), R"({"a":["x",2],"n":1.5,"s":"v"})");
}

TEST(SnsTopics, UnsubscribeAndDeleteTopicRemoveSubscriptions) {
  TopicRegistry registry("us-east-1", "000000000000");
  const Topic* topic = *registry.createTopic("t", {});
  std::string arn = (*registry.subscribe(topic->arn, "sqs", kQueue, {}))->arn;
  EXPECT_TRUE(registry.unsubscribe(arn).ok());
  EXPECT_FALSE(registry.unsubscribe(arn).ok());
  ASSERT_TRUE(registry.subscribe(topic->arn, "sqs", kQueue, {}).ok());
  std::string topic_arn = topic->arn;
  EXPECT_TRUE(registry.deleteTopic(topic_arn).ok());
  EXPECT_TRUE(registry.subscriptions().empty());
  EXPECT_EQ(registry.findTopic(topic_arn), nullptr);
}

}  // namespace
}  // namespace switchyard::sns
