#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/sns/engine/topic_records.h"
#include "connectors/sns/engine/topic_registry_observer.h"
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
  std::string arn;  // TOPIC_ARN:UUID
  std::string topic_arn;
  std::string protocol;               // lambda | sqs
  std::string endpoint;               // a function ARN or a queue ARN
  std::string filter_policy;          // JSON text, empty: everything
  std::string filter_policy_scope;    // MessageAttributes (default) | MessageBody
  bool raw_message_delivery = false;  // sqs: the message as is, without SNS's JSON envelope
  std::shared_ptr<const router::EventPattern> filter;  // compiled filter_policy
};

struct Topic {
  std::string name;
  std::string arn;
  TopicAttributes attributes;  // DisplayName, FifoTopic, ...
  TopicTags tags;
  std::vector<std::string> subscriptions;  // subscription ARNs, in order
};

// SNS topics and subscriptions: the pure part (no I/O, no threads). The service on top turns a
// publish into deliveries to the matching subscriptions.
//
// Errors carry the SNS error code first: "NotFound: Topic does not exist", "InvalidParameter:
// ...", so the API layer can answer with the code SDKs map to their exceptions.
//
// Every change is reported to the observer (setObserver), so a store can write through; restore*
// rebuilds what a store kept without reporting it.
//
// NOTE: owned by one thread (the AWS services thread).
class TopicRegistry {
 public:
  TopicRegistry(std::string region, std::string account)
      : region_(std::move(region)), account_(std::move(account)) {}

  // Not owned; nullptr for none. Must outlive the registry or be reset first.
  void setObserver(TopicRegistryObserver* observer) { observer_ = observer; }

  std::string topicArn(std::string_view name) const;
  // Idempotent like SNS: the same name returns the existing topic (attributes and tags given
  // apply to a new topic only).
  Result<const Topic*> createTopic(const std::string& name, const TopicAttributes& attributes,
                                   const TopicTags& tags = {});
  Status deleteTopic(const std::string& topic_arn);
  // NotFound for an unknown topic.
  Status setTopicAttribute(const std::string& arn, const std::string& name,
                           const std::string& value);
  Status tagTopic(const std::string& arn, const TopicTags& tags);
  Status untagTopic(const std::string& arn, const std::vector<std::string>& keys);
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

  // ---- Persistence ----
  TopicRecord record(const Topic& topic) const;
  SubscriptionRecord record(const Subscription& subscription) const;
  // Rebuild what a store kept, without telling the observer: topics first, then their
  // subscriptions in their original order. A stored filter policy that no longer compiles, or a
  // subscription of a topic that is not there, is an error.
  Status restoreTopic(TopicRecord record);
  Status restoreSubscription(const SubscriptionRecord& record);

 private:
  Status applySubscriptionAttribute(Subscription& subscription, const std::string& name,
                                    const std::string& value);
  void topicChanged(const Topic& topic);
  void subscriptionChanged(const Subscription& subscription);

  std::string region_;
  std::string account_;
  TopicRegistryObserver* observer_ = nullptr;
  std::map<std::string, Topic> topics_;                // by ARN
  std::map<std::string, Subscription> subscriptions_;  // by ARN
};

// The JSON document a MessageAttributes-scoped filter policy is matched against: each attribute
// as a field (Number as a number, String.Array as an array, String as a string; Binary is
// skipped, as SNS does).
std::string attributesAsJson(const MessageAttributes& attributes);

}  // namespace switchyard::sns
