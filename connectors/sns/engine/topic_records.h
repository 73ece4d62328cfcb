#pragma once

#include <map>
#include <string>

namespace switchyard::sns {

// Topics and subscriptions as plain records: what TopicRegistry reports to its observer as they
// change and what it is rebuilt from after a restart (TopicRegistry::restore*).

using TopicAttributes = std::map<std::string, std::string>;  // DisplayName, FifoTopic, ...
using TopicTags = std::map<std::string, std::string>;

struct TopicRecord {
  std::string name;
  std::string arn;
  TopicAttributes attributes;
  TopicTags tags;
};

struct SubscriptionRecord {
  std::string arn;  // TOPIC_ARN:UUID
  std::string topic_arn;
  std::string protocol;                                   // lambda | sqs
  std::string endpoint;                                   // a function ARN or a queue ARN
  std::string filter_policy;                              // JSON text; empty: every message
  std::string filter_policy_scope = "MessageAttributes";  // or MessageBody
  bool raw_message_delivery = false;
};

}  // namespace switchyard::sns
