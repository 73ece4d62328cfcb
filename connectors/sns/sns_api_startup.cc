// SnsApi's start-up: the topics and subscriptions a state store kept, then the ones the config
// declares (created if missing; a declared subscription's attributes win over stored ones), then
// the topics sns triggers listen to.

#include <map>
#include <string>

#include "connectors/aws/store/aws_persistence.h"
#include "connectors/sns/sns_api.h"
#include "gateway/config/config.h"
#include "gateway/core/log.h"

namespace switchyard::sns {
namespace {

std::string endpointFor(const config::Config& config, const config::SubscriptionConfig& declared) {
  const std::string scope = config.aws.region + ":" + config.aws.account;
  return declared.protocol == "lambda"
             ? "arn:aws:lambda:" + scope + ":function:" + declared.function
             : "arn:aws:sqs:" + scope + ":" + declared.queue;
}

}  // namespace

Status SnsApi::start(aws::AwsHub& hub) {
  hub_ = &hub;
  const config::Config& config = hub.config();
  registry_ = std::make_unique<TopicRegistry>(config.aws.region, config.aws.account);
  if (aws::AwsPersistence* persistence = hub.persistence()) {
    if (Status restored = restoreTopics(*persistence); !restored.ok()) {
      return restored;
    }
    // From here on every change is written through, the config's below included.
    registry_->setObserver(persistence);
  }
  if (Status applied = applyDeclaredTopics(); !applied.ok()) {
    return applied;
  }
  for (auto& [topic, trigger] : pending_triggers_) {
    Result<const Topic*> created = registry_->createTopic(topic, {});
    if (!created.ok()) {
      return makeError(Errc::kInvalidArgument,
                       "triggers." + trigger->name + ".source.topic: " + created.error().message);
    }
    triggers_.emplace((*created)->arn, trigger);
  }
  return okStatus();
}

Status SnsApi::restoreTopics(aws::AwsPersistence& persistence) {
  for (TopicRecord& topic : persistence.takeRestoredTopics()) {
    if (Status restored = registry_->restoreTopic(std::move(topic)); !restored.ok()) {
      return restored;
    }
  }
  for (const SubscriptionRecord& subscription : persistence.takeRestoredSubscriptions()) {
    if (Status restored = registry_->restoreSubscription(subscription); !restored.ok()) {
      return restored;
    }
  }
  return okStatus();
}

Status SnsApi::applyDeclaredTopics() {
  const config::Config& config = hub_->config();
  for (const auto& [name, topic] : config.topics) {
    Result<const Topic*> created = registry_->createTopic(name, {});
    if (!created.ok()) {
      return makeError(Errc::kInvalidArgument, "topics." + name + ": " + created.error().message);
    }
    for (const config::SubscriptionConfig& declared : topic.subscriptions) {
      std::map<std::string, std::string> attributes = {
          {"FilterPolicyScope", declared.filter_policy_scope},
          {"RawMessageDelivery", declared.raw_message_delivery ? "true" : "false"}};
      if (!declared.filter_policy.empty()) {
        attributes["FilterPolicy"] = declared.filter_policy;
      }
      Result<const Subscription*> subscribed = registry_->subscribe(
          (*created)->arn, declared.protocol, endpointFor(config, declared), attributes);
      if (!subscribed.ok()) {
        return makeError(Errc::kInvalidArgument,
                         "topics." + name + ".subscriptions: " + subscribed.error().message);
      }
      // subscribe() returns a stored subscription as it is: the config wins for what it
      // declares, so apply what differs (each change is written through).
      const SubscriptionRecord stored = registry_->record(**subscribed);
      const std::string arn = stored.arn;
      const std::map<std::string, std::string> current = {
          {"FilterPolicyScope", stored.filter_policy_scope},
          {"RawMessageDelivery", stored.raw_message_delivery ? "true" : "false"},
          {"FilterPolicy", stored.filter_policy}};
      for (const auto& [attribute, value] : attributes) {
        if (current.at(attribute) == value) {
          continue;
        }
        if (Status set = registry_->setSubscriptionAttribute(arn, attribute, value); !set.ok()) {
          return makeError(Errc::kInvalidArgument,
                           "topics." + name + ".subscriptions: " + set.error().message);
        }
        log::info("sns", "A stored subscription took the attribute the config declares.",
                  {{"subscription", arn}, {"attribute", attribute}});
      }
    }
  }
  return okStatus();
}

}  // namespace switchyard::sns
