#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dispatcher/router/event_pattern.h"
#include "gateway/core/result.h"

namespace switchyard::sns {

// One SNS message attribute: Type is String, Number, Binary or String.Array.
struct MessageAttribute {
  std::string type;
  std::string value;  // Binary: the raw bytes
};
using MessageAttributes = std::map<std::string, MessageAttribute>;

struct Subscription {
  std::string arn;        // TOPIC_ARN:UUID
  std::string topic_arn;
  std::string protocol;   // lambda | sqs
  std::string endpoint;   // a function ARN or a queue ARN
  std::string filter_policy;        // JSON text, empty: everything
  std::string filter_policy_scope;  // MessageAttributes (default) | MessageBody
  bool raw_message_delivery = false;  // sqs: the message as is, without SNS's JSON envelope
  std::shared_ptr<const router::EventPattern> filter;  // compiled filter_policy
};

struct Topic {
  std::string name;
  std::string arn;
  std::map<std::string, std::string> attributes;  // DisplayName, FifoTopic, ...
  std::vector<std::string> subscriptions;         // subscription ARNs, in order
};

// SNS topics and subscriptions: the pure part (no I/O, no threads). The service on top turns a
// publish into deliveries to the matching subscriptions.
//
// Errors carry the SNS error code first: "NotFound: Topic does not exist", "InvalidParameter:
// ...", so the API layer can answer with the code SDKs map to their exceptions.
//
// NOTE: owned by one thread (the AWS services thread).
class TopicRegistry {
 public:
  TopicRegistry(std::string region, std::string account) : region_(std::move(region)), account_(std::move(account)) {}

  std::string topicArn(std::string_view name) const;
  // Idempotent like SNS: the same name returns the existing topic.
  Result<const Topic*> createTopic(const std::string& name,
                                   const std::map<std::string, std::string>& attributes);
  Status deleteTopic(const std::string& arn);
  const Topic* findTopic(std::string_view arn) const;
  std::vector<const Topic*> topics() const;

  // `attributes`: FilterPolicy, FilterPolicyScope, RawMessageDelivery.
  Result<const Subscription*> subscribe(const std::string& topic_arn, const std::string& protocol,
                                        const std::string& endpoint,
                                        const std::map<std::string, std::string>& attributes);
  Status unsubscribe(const std::string& subscription_arn);
  Status setSubscriptionAttribute(const std::string& subscription_arn, const std::string& name,
                                  const std::string& value);
  const Subscription* findSubscription(std::string_view arn) const;
  std::vector<const Subscription*> subscriptions(std::string_view topic_arn = {}) const;

  // The subscriptions of `topic_arn` whose filter policy accepts the message.
  std::vector<const Subscription*> matching(const Topic& topic, std::string_view message,
                                            const MessageAttributes& attributes) const;

 private:
  Status applySubscriptionAttribute(Subscription& subscription, const std::string& name,
                                    const std::string& value);

  std::string region_;
  std::string account_;
  std::map<std::string, Topic> topics_;                 // by ARN
  std::map<std::string, Subscription> subscriptions_;   // by ARN
};

// The JSON document a MessageAttributes-scoped filter policy is matched against: each attribute
// as a field (Number as a number, String.Array as an array, String as a string; Binary is
// skipped, as SNS does).
std::string attributesAsJson(const MessageAttributes& attributes);

}  // namespace switchyard::sns
