#include "connectors/sqs/engine/queue_settings.h"

#include <gtest/gtest.h>

#include <string>

#include "sqs_test_util.h"

namespace switchyard::sqs {
namespace {

using testing::codeOf;
using testing::textOf;

Status applyAttributes(const AttributeMap& attributes, QueueSettings* settings,
                       AttributeUse use = AttributeUse::kCreateQueue) {
  return applyQueueAttributes(attributes, use, ArnScope{}, settings);
}

TEST(QueueSettings, DefaultsAreSqsDefaults) {
  const AttributeMap rendered = renderQueueSettings(QueueSettings{});
  EXPECT_EQ(rendered, (AttributeMap{{"DelaySeconds", "0"},
                                    {"MaximumMessageSize", "262144"},
                                    {"MessageRetentionPeriod", "345600"},
                                    {"ReceiveMessageWaitTimeSeconds", "0"},
                                    {"VisibilityTimeout", "30"},
                                    {"SqsManagedSseEnabled", "true"}}));
}

TEST(QueueSettings, FifoDefaults) {
  QueueSettings settings;
  ASSERT_TRUE(applyAttributes({{"FifoQueue", "true"}}, &settings).ok());
  const AttributeMap rendered = renderQueueSettings(settings);
  EXPECT_EQ(rendered.at("FifoQueue"), "true");
  EXPECT_EQ(rendered.at("ContentBasedDeduplication"), "false");
  EXPECT_EQ(rendered.at("DeduplicationScope"), "queue");
  EXPECT_EQ(rendered.at("FifoThroughputLimit"), "perQueue");
}

struct Range {
  const char* name;
  int low;
  int high;
};

TEST(QueueSettings, IntegerAttributesAcceptTheirRangeOnly) {
  for (const Range& range :
       {Range{"DelaySeconds", 0, 900}, Range{"MaximumMessageSize", 1024, 262144},
        Range{"MessageRetentionPeriod", 60, 1209600}, Range{"ReceiveMessageWaitTimeSeconds", 0, 20},
        Range{"VisibilityTimeout", 0, 43200}, Range{"KmsDataKeyReusePeriodSeconds", 60, 86400}}) {
    for (int good : {range.low, range.high}) {
      QueueSettings settings;
      ASSERT_TRUE(applyAttributes({{range.name, std::to_string(good)}}, &settings).ok())
          << range.name << "=" << good;
      EXPECT_EQ(renderQueueSettings(settings).at(range.name), std::to_string(good));
    }
    for (std::string bad : std::vector<std::string>{
             std::to_string(range.low - 1), std::to_string(range.high + 1), std::string("abc"),
             std::string("1.5"), std::string(""), std::string(" 5"), std::string("99999999999")}) {
      QueueSettings settings;
      Status status = applyAttributes({{range.name, bad}}, &settings);
      EXPECT_EQ(codeOf(status), "InvalidAttributeValue") << range.name << "=" << bad;
      EXPECT_NE(textOf(status).find(std::string("Invalid value for the parameter ") + range.name),
                std::string::npos);
    }
  }
}

TEST(QueueSettings, BooleansAcceptAnyCase) {
  QueueSettings settings;
  ASSERT_TRUE(
      applyAttributes({{"FifoQueue", "TRUE"}, {"ContentBasedDeduplication", "True"}}, &settings)
          .ok());
  EXPECT_TRUE(settings.fifo);
  EXPECT_TRUE(settings.content_based_deduplication);
  EXPECT_EQ(codeOf(applyAttributes({{"SqsManagedSseEnabled", "yes"}}, &settings)),
            "InvalidAttributeValue");
}

TEST(QueueSettings, FifoOnlyAttributesAreRejectedOnStandardQueues) {
  QueueSettings settings;
  Status status = applyAttributes({{"ContentBasedDeduplication", "true"}}, &settings);
  EXPECT_EQ(codeOf(status), "InvalidAttributeName");
  EXPECT_EQ(textOf(status), "Unknown Attribute ContentBasedDeduplication.");
  status = applyAttributes({{"DeduplicationScope", "messageGroup"}}, &settings);
  EXPECT_EQ(codeOf(status), "InvalidAttributeName");
  EXPECT_EQ(textOf(status),
            "You can specify the DeduplicationScope only when FifoQueue is set to true.");
  EXPECT_EQ(codeOf(applyAttributes({{"FifoThroughputLimit", "perQueue"}}, &settings)),
            "InvalidAttributeName");
  // FifoQueue=false is a standard queue.
  EXPECT_TRUE(applyAttributes({{"FifoQueue", "false"}}, &settings).ok());
}

TEST(QueueSettings, FifoChoicesAreChecked) {
  QueueSettings settings;
  ASSERT_TRUE(applyAttributes({{"FifoQueue", "true"},
                               {"DeduplicationScope", "messageGroup"},
                               {"FifoThroughputLimit", "perMessageGroupId"}},
                              &settings)
                  .ok());
  EXPECT_EQ(settings.deduplication_scope, "messageGroup");
  EXPECT_EQ(
      codeOf(applyAttributes({{"FifoQueue", "true"}, {"DeduplicationScope", "group"}}, &settings)),
      "InvalidAttributeValue");
}

TEST(QueueSettings, UnknownAndReadOnlyNamesAreInvalidAttributeNames) {
  for (std::string name :
       std::vector<std::string>{"Foo", "QueueArn", "ApproximateNumberOfMessages",
                                "CreatedTimestamp", "LastModifiedTimestamp", "visibilitytimeout"}) {
    QueueSettings settings;
    Status status = applyAttributes({{name, "1"}}, &settings);
    EXPECT_EQ(codeOf(status), "InvalidAttributeName") << name;
    EXPECT_EQ(textOf(status), "Unknown Attribute " + name + ".");
  }
}

TEST(QueueSettings, QueueTypeCannotChange) {
  QueueSettings settings;
  Status status =
      applyAttributes({{"FifoQueue", "true"}}, &settings, AttributeUse::kSetQueueAttributes);
  EXPECT_EQ(codeOf(status), "InvalidAttributeValue");
  EXPECT_FALSE(settings.fifo);
  EXPECT_TRUE(
      applyAttributes({{"FifoQueue", "false"}}, &settings, AttributeUse::kSetQueueAttributes).ok());
}

TEST(QueueSettings, ApplyIsAllOrNothing) {
  QueueSettings settings;
  Status status =
      applyAttributes({{"DelaySeconds", "5"}, {"VisibilityTimeout", "99999"}}, &settings);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(settings, QueueSettings{});
}

TEST(QueueSettings, RedrivePolicyParsesNumberOrStringCounts) {
  for (
      std::string policy : std::vector<std::string>{
          std::string(
              R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":5})"),
          std::string(
              R"({ "maxReceiveCount" : "5", "deadLetterTargetArn" : "arn:aws:sqs:us-east-1:000000000000:dlq" })")}) {
    QueueSettings settings;
    ASSERT_TRUE(applyAttributes({{"RedrivePolicy", policy}}, &settings).ok()) << policy;
    ASSERT_TRUE(settings.redrive_policy);
    EXPECT_EQ(settings.redrive_policy->dead_letter_queue_name, "dlq");
    EXPECT_EQ(settings.redrive_policy->max_receive_count, 5);
    EXPECT_EQ(
        renderQueueSettings(settings).at("RedrivePolicy"),
        R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":5})");
  }
}

TEST(QueueSettings, RedrivePolicyErrors) {
  const std::string arn = "arn:aws:sqs:us-east-1:000000000000:dlq";
  for (
      std::string policy : std::vector<std::string>{
          std::string("not json"), std::string("[1]"), R"({"maxReceiveCount":5})",
          R"({"deadLetterTargetArn":")" + arn + R"("})",
          R"({"deadLetterTargetArn":")" + arn + R"(","maxReceiveCount":0})",
          R"({"deadLetterTargetArn":")" + arn + R"(","maxReceiveCount":1001})",
          R"({"deadLetterTargetArn":")" + arn + R"(","maxReceiveCount":"x"})",
          R"({"deadLetterTargetArn":")" + arn + R"(","maxReceiveCount":2,"extra":1})",
          std::string(
              R"({"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:000000000000:dlq","maxReceiveCount":2})"),
          std::string(
              R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:111111111111:dlq","maxReceiveCount":2})"),
          std::string(
              R"({"deadLetterTargetArn":"arn:aws:sns:us-east-1:000000000000:dlq","maxReceiveCount":2})"),
          std::string(R"({"deadLetterTargetArn":7,"maxReceiveCount":2})")}) {
    QueueSettings settings;
    Status status = applyAttributes({{"RedrivePolicy", policy}}, &settings);
    EXPECT_EQ(codeOf(status), "InvalidParameterValue") << policy;
    EXPECT_NE(textOf(status).find("for parameter RedrivePolicy is invalid. Reason:"),
              std::string::npos)
        << textOf(status);
  }
}

TEST(QueueSettings, EmptyRedrivePolicyRemovesIt) {
  QueueSettings settings;
  ASSERT_TRUE(
      applyAttributes(
          {{"RedrivePolicy",
            R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:d","maxReceiveCount":1})"}},
          &settings)
          .ok());
  ASSERT_TRUE(
      applyAttributes({{"RedrivePolicy", ""}}, &settings, AttributeUse::kSetQueueAttributes).ok());
  EXPECT_FALSE(settings.redrive_policy);
  EXPECT_FALSE(renderQueueSettings(settings).contains("RedrivePolicy"));
}

TEST(QueueSettings, RenderThenApplyRoundTrips) {
  QueueSettings settings;
  ASSERT_TRUE(
      applyAttributes(
          {{"FifoQueue", "true"},
           {"ContentBasedDeduplication", "true"},
           {"DeduplicationScope", "messageGroup"},
           {"FifoThroughputLimit", "perMessageGroupId"},
           {"DelaySeconds", "7"},
           {"MaximumMessageSize", "2048"},
           {"MessageRetentionPeriod", "600"},
           {"ReceiveMessageWaitTimeSeconds", "20"},
           {"VisibilityTimeout", "45"},
           {"Policy", R"({"Version":"2012-10-17"})"},
           {"RedriveAllowPolicy", R"({"redrivePermission":"allowAll"})"},
           {"KmsMasterKeyId", "alias/aws/sqs"},
           {"KmsDataKeyReusePeriodSeconds", "600"},
           {"SqsManagedSseEnabled", "false"},
           {"RedrivePolicy",
            R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:d.fifo","maxReceiveCount":3})"}},
          &settings)
          .ok());
  QueueSettings again;
  ASSERT_TRUE(applyAttributes(renderQueueSettings(settings), &again).ok());
  EXPECT_EQ(again, settings);
}

TEST(QueueSettings, RedriveAllowPolicyMustBeJson) {
  QueueSettings settings;
  EXPECT_EQ(codeOf(applyAttributes({{"RedriveAllowPolicy", "nope"}}, &settings)),
            "InvalidAttributeValue");
}

TEST(QueueArns, BuildAndParse) {
  ArnScope scope;
  scope.region = "eu-central-1";
  scope.account = "123456789012";
  EXPECT_EQ(queueArn(scope, "q"), "arn:aws:sqs:eu-central-1:123456789012:q");
  EXPECT_EQ(queueNameFromArn(scope, "arn:aws:sqs:eu-central-1:123456789012:q.fifo"), "q.fifo");
  EXPECT_FALSE(queueNameFromArn(scope, "arn:aws:sqs:eu-central-1:123456789012:"));
  EXPECT_FALSE(queueNameFromArn(scope, "arn:aws:sqs:us-east-1:123456789012:q"));
  EXPECT_FALSE(queueNameFromArn(scope, "q"));
}

TEST(QueueAttributeNames, KnowsEveryName) {
  for (std::string name : std::vector<std::string>{
           "All", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
           "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp",
           "QueueArn", "DelaySeconds", "Policy", "RedrivePolicy", "FifoQueue",
           "SqsManagedSseEnabled"}) {
    EXPECT_TRUE(isQueueAttributeName(name)) << name;
  }
  EXPECT_FALSE(isQueueAttributeName("Nope"));
}

}  // namespace
}  // namespace switchyard::sqs
