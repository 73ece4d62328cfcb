#include "connectors/aws/aws_services.h"

#include <algorithm>
#include <array>

namespace switchyard::aws {
namespace {

constexpr std::array<AwsServiceInfo, 6> kServices{{
    {"sqs", Protocol::kJson10, "AmazonSQS", "2012-11-05",
     "http://queue.amazonaws.com/doc/2012-11-05/", "com.amazonaws.sqs#", true},
    {"sns", Protocol::kQuery, "", "2010-03-31", "http://sns.amazonaws.com/doc/2010-03-31/", "",
     false},
    {"kinesis", Protocol::kJson11, "Kinesis_20131202", "", "", "", false},
    {"events", Protocol::kJson11, "AWSEvents", "", "", "", false},
    {"lambda", Protocol::kRestJson, "", "", "", "", false},
    {"s3", Protocol::kRestXml, "", "", "http://s3.amazonaws.com/doc/2006-03-01/", "", false},
}};

// Sorted, for binary search. From the SQS API reference (2012-11-05).
constexpr std::array<std::string_view, 23> kSqsActions{
    "AddPermission",
    "CancelMessageMoveTask",
    "ChangeMessageVisibility",
    "ChangeMessageVisibilityBatch",
    "CreateQueue",
    "DeleteMessage",
    "DeleteMessageBatch",
    "DeleteQueue",
    "GetQueueAttributes",
    "GetQueueUrl",
    "ListDeadLetterSourceQueues",
    "ListMessageMoveTasks",
    "ListQueueTags",
    "ListQueues",
    "PurgeQueue",
    "ReceiveMessage",
    "RemovePermission",
    "SendMessage",
    "SendMessageBatch",
    "SetQueueAttributes",
    "StartMessageMoveTask",
    "TagQueue",
    "UntagQueue",
};

// Sorted, for binary search. From the SNS API reference (2010-03-31).
constexpr std::array<std::string_view, 42> kSnsActions{
    "AddPermission",
    "CheckIfPhoneNumberIsOptedOut",
    "ConfirmSubscription",
    "CreatePlatformApplication",
    "CreatePlatformEndpoint",
    "CreateSMSSandboxPhoneNumber",
    "CreateTopic",
    "DeleteEndpoint",
    "DeletePlatformApplication",
    "DeleteSMSSandboxPhoneNumber",
    "DeleteTopic",
    "GetDataProtectionPolicy",
    "GetEndpointAttributes",
    "GetPlatformApplicationAttributes",
    "GetSMSAttributes",
    "GetSMSSandboxAccountStatus",
    "GetSubscriptionAttributes",
    "GetTopicAttributes",
    "ListEndpointsByPlatformApplication",
    "ListOriginationNumbers",
    "ListPhoneNumbersOptedOut",
    "ListPlatformApplications",
    "ListSMSSandboxPhoneNumbers",
    "ListSubscriptions",
    "ListSubscriptionsByTopic",
    "ListTagsForResource",
    "ListTopics",
    "OptInPhoneNumber",
    "Publish",
    "PublishBatch",
    "PutDataProtectionPolicy",
    "RemovePermission",
    "SetEndpointAttributes",
    "SetPlatformApplicationAttributes",
    "SetSMSAttributes",
    "SetSubscriptionAttributes",
    "SetTopicAttributes",
    "Subscribe",
    "TagResource",
    "Unsubscribe",
    "UntagResource",
    "VerifySMSSandboxPhoneNumber",
};

template <size_t N>
bool contains(const std::array<std::string_view, N>& sorted, std::string_view name) {
  return std::binary_search(sorted.begin(), sorted.end(), name);
}

}  // namespace

std::string_view protocolName(Protocol protocol) {
  switch (protocol) {
    case Protocol::kJson10:
      return "awsJson1_0";
    case Protocol::kJson11:
      return "awsJson1_1";
    case Protocol::kQuery:
      return "awsQuery";
    case Protocol::kRestJson:
      return "restJson1";
    case Protocol::kRestXml:
      return "restXml";
  }
  return "unknown";
}

const AwsServiceInfo* findService(std::string_view name) {
  for (const AwsServiceInfo& service : kServices) {
    if (service.name == name) {
      return &service;
    }
  }
  return nullptr;
}

const AwsServiceInfo* findServiceByTarget(std::string_view target_prefix) {
  for (const AwsServiceInfo& service : kServices) {
    if (!service.target_prefix.empty() && service.target_prefix == target_prefix) {
      return &service;
    }
  }
  return nullptr;
}

const AwsServiceInfo* findServiceByQueryVersion(std::string_view version) {
  for (const AwsServiceInfo& service : kServices) {
    if (!service.query_version.empty() && service.query_version == version) {
      return &service;
    }
  }
  return nullptr;
}

std::span<const std::string_view> sqsActions() { return kSqsActions; }
std::span<const std::string_view> snsActions() { return kSnsActions; }
bool isSqsAction(std::string_view action) { return contains(kSqsActions, action); }
bool isSnsAction(std::string_view action) { return contains(kSnsActions, action); }

}  // namespace switchyard::aws
