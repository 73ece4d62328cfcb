#include "connectors/sns/engine/sns_topics.h"

#include <simdjson.h>

#include "gateway/core/event.h"
#include "gateway/core/json_writer.h"

namespace switchyard::sns {
namespace {

Error snsError(std::string_view code, std::string_view message) {
  return makeError(Errc::kInvalidArgument, std::string(code) + ": " + std::string(message));
}

// SNS topic names: 1–256 of [A-Za-z0-9_-], with .fifo allowed at the end for FIFO topics.
bool validTopicName(std::string_view name) {
  std::string_view base = name;
  if (base.ends_with(".fifo")) {
    base.remove_suffix(5);
  }
  if (base.empty() || name.size() > 256) {
    return false;
  }
  for (char c : base) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-')) {
      return false;
    }
  }
  return true;
}

// SNS's tag limits: at most 50 per topic, keys of 1-128 characters, values of at most 256.
Status validateTags(const TopicTags& tags) {
  if (tags.size() > 50) {
    return snsError("TagLimitExceeded",
                    "Could not complete request: tag quota of per resource "
                    "exceeded (50)");
  }
  for (const auto& [key, value] : tags) {
    if (key.empty() || key.size() > 128 || value.size() > 256) {
      return snsError("InvalidParameter",
                      "Invalid parameter: Tags: keys must be 1-128 characters and values at most "
                      "256, got key \"" +
                          key + "\"");
    }
  }
  return okStatus();
}

}  // namespace

std::string attributesAsJson(const MessageAttributes& attributes) {
  std::string out = "{";
  bool first = true;
  for (const auto& [name, attribute] : attributes) {
    if (attribute.type.starts_with("Binary")) {
      continue;
    }
    if (!first) {
      out.push_back(',');
    }
    first = false;
    json::appendString(out, name);
    out.push_back(':');
    if (attribute.type.starts_with("Number")) {
      // A number only if it parses as one; SNS would have rejected the publish otherwise.
      char* end = nullptr;
      std::strtod(attribute.value.c_str(), &end);
      if (end != nullptr && *end == '\0' && !attribute.value.empty()) {
        out.append(attribute.value);
      } else {
        json::appendString(out, attribute.value);
      }
    } else if (attribute.type == "String.Array") {
      simdjson::dom::parser parser;
      simdjson::dom::element element;
      if (parser.parse(attribute.value).get(element) == simdjson::SUCCESS && element.is_array()) {
        out.append(simdjson::minify(element));
      } else {
        json::appendString(out, attribute.value);
      }
    } else {
      json::appendString(out, attribute.value);
    }
  }
  out.push_back('}');
  return out;
}

std::string TopicRegistry::topicArn(std::string_view name) const {
  return "arn:aws:sns:" + region_ + ":" + account_ + ":" + std::string(name);
}

Result<const Topic*> TopicRegistry::createTopic(const std::string& name,
                                                const TopicAttributes& attributes,
                                                const TopicTags& tags) {
  if (!validTopicName(name)) {
    return snsError("InvalidParameter",
                    "Invalid parameter: Topic Name must be 1-256 letters, numbers, hyphens or "
                    "underscores, got \"" +
                        name + "\"");
  }
  bool fifo = name.ends_with(".fifo");
  auto declared = attributes.find("FifoTopic");
  if (declared != attributes.end() && (declared->second == "true") != fifo) {
    return snsError("InvalidParameter",
                    "Invalid parameter: Fifo Topic names must end with .fifo and Standard Topic "
                    "names must not");
  }
  std::string arn = topicArn(name);
  if (auto existing = topics_.find(arn); existing != topics_.end()) {
    return &existing->second;
  }
  if (Status valid = validateTags(tags); !valid.ok()) {
    return valid.error();
  }
  Topic& topic = topics_[arn];
  topic.name = name;
  topic.arn = arn;
  topic.attributes = attributes;
  topic.tags = tags;
  if (fifo) {
    topic.attributes["FifoTopic"] = "true";
  }
  topicChanged(topic);
  return &topic;
}

Status TopicRegistry::deleteTopic(const std::string& topic_arn) {
  auto it = topics_.find(topic_arn);
  if (it == topics_.end()) {
    return okStatus();  // SNS: deleting a topic that does not exist succeeds
  }
  const std::string arn = topic_arn;  // the argument may be the topic's own, erased below
  for (const std::string& subscription : it->second.subscriptions) {
    subscriptions_.erase(subscription);
  }
  topics_.erase(it);
  if (observer_ != nullptr) {
    observer_->onTopicDeleted(arn);
  }
  return okStatus();
}

Status TopicRegistry::setTopicAttribute(const std::string& arn, const std::string& name,
                                        const std::string& value) {
  auto it = topics_.find(arn);
  if (it == topics_.end()) {
    return snsError("NotFound", "Topic does not exist");
  }
  it->second.attributes[name] = value;
  topicChanged(it->second);
  return okStatus();
}

Status TopicRegistry::tagTopic(const std::string& arn, const TopicTags& tags) {
  auto it = topics_.find(arn);
  if (it == topics_.end()) {
    return snsError("ResourceNotFound", "Resource does not exist");
  }
  TopicTags merged = it->second.tags;
  for (const auto& [key, value] : tags) {
    merged[key] = value;
  }
  if (Status valid = validateTags(merged); !valid.ok()) {
    return valid;
  }
  it->second.tags = std::move(merged);
  topicChanged(it->second);
  return okStatus();
}

Status TopicRegistry::untagTopic(const std::string& arn, const std::vector<std::string>& keys) {
  auto it = topics_.find(arn);
  if (it == topics_.end()) {
    return snsError("ResourceNotFound", "Resource does not exist");
  }
  for (const std::string& key : keys) {
    it->second.tags.erase(key);
  }
  topicChanged(it->second);
  return okStatus();
}

const Topic* TopicRegistry::findTopic(std::string_view arn) const {
  auto it = topics_.find(std::string(arn));
  return it == topics_.end() ? nullptr : &it->second;
}

std::vector<const Topic*> TopicRegistry::topics() const {
  std::vector<const Topic*> out;
  for (const auto& [arn, topic] : topics_) {
    out.push_back(&topic);
  }
  return out;
}

Status TopicRegistry::applySubscriptionAttribute(Subscription& subscription,
                                                 const std::string& name,
                                                 const std::string& value) {
  if (name == "FilterPolicy") {
    if (value.empty()) {
      subscription.filter_policy.clear();
      subscription.filter.reset();
      return okStatus();
    }
    YAML::Node node;
    try {
      node = YAML::Load(value);  // JSON is YAML
    } catch (const YAML::Exception& error) {
      return snsError("InvalidParameter",
                      std::string("Invalid parameter: FilterPolicy: not JSON: ") + error.what());
    }
    Result<router::EventPattern> compiled =
        router::EventPattern::compile(node, "FilterPolicy", "FilterPolicy");
    if (!compiled.ok()) {
      return snsError("InvalidParameter", "Invalid parameter: " + compiled.error().message);
    }
    subscription.filter_policy = value;
    subscription.filter = std::make_shared<const router::EventPattern>(std::move(compiled).value());
  } else if (name == "FilterPolicyScope") {
    if (value != "MessageAttributes" && value != "MessageBody") {
      return snsError("InvalidParameter",
                      "Invalid parameter: FilterPolicyScope must be MessageAttributes or "
                      "MessageBody");
    }
    subscription.filter_policy_scope = value;
  } else if (name == "RawMessageDelivery") {
    if (value != "true" && value != "false") {
      return snsError("InvalidParameter",
                      "Invalid parameter: RawMessageDelivery must be true or false");
    }
    subscription.raw_message_delivery = value == "true";
  } else {
    return snsError("InvalidParameter",
                    "Invalid parameter: AttributeName \"" + name +
                        "\" (supported: FilterPolicy, FilterPolicyScope, RawMessageDelivery)");
  }
  return okStatus();
}

Result<const Subscription*> TopicRegistry::subscribe(
    const std::string& topic_arn, const std::string& protocol, const std::string& endpoint,
    const std::map<std::string, std::string>& attributes) {
  auto topic = topics_.find(topic_arn);
  if (topic == topics_.end()) {
    return snsError("NotFound", "Topic does not exist");
  }
  if (protocol != "lambda" && protocol != "sqs") {
    return snsError("InvalidParameter", "Invalid parameter: Protocol \"" + protocol +
                                            "\" (Switchyard delivers to lambda and sqs)");
  }
  std::string_view expected = protocol == "lambda" ? ":lambda:" : ":sqs:";
  if (!endpoint.starts_with("arn:aws:") || endpoint.find(expected) == std::string::npos) {
    return snsError("InvalidParameter",
                    "Invalid parameter: Endpoint must be a" +
                        std::string(protocol == "lambda" ? " function" : " queue") +
                        " ARN, got \"" + endpoint + "\"");
  }
  // The same (protocol, endpoint) on a topic is one subscription, as in SNS.
  for (const std::string& existing : topic->second.subscriptions) {
    Subscription& subscription = subscriptions_.at(existing);
    if (subscription.protocol == protocol && subscription.endpoint == endpoint) {
      return &subscription;
    }
  }
  Subscription subscription;
  subscription.arn = topic_arn + ":" + EventId::generate(unixMicrosNow() / 1000).toString();
  subscription.topic_arn = topic_arn;
  subscription.protocol = protocol;
  subscription.endpoint = endpoint;
  subscription.filter_policy_scope = "MessageAttributes";
  for (const auto& [name, value] : attributes) {
    if (Status applied = applySubscriptionAttribute(subscription, name, value); !applied.ok()) {
      return applied.error();
    }
  }
  std::string arn = subscription.arn;
  topic->second.subscriptions.push_back(arn);
  const Subscription& created = subscriptions_[arn] = std::move(subscription);
  subscriptionChanged(created);
  return &created;
}

Status TopicRegistry::unsubscribe(const std::string& subscription_arn) {
  auto it = subscriptions_.find(subscription_arn);
  if (it == subscriptions_.end()) {
    return snsError("NotFound", "Subscription does not exist");
  }
  const std::string arn = subscription_arn;  // the argument may be the subscription's own
  auto topic = topics_.find(it->second.topic_arn);
  if (topic != topics_.end()) {
    std::erase(topic->second.subscriptions, arn);
  }
  subscriptions_.erase(it);
  if (observer_ != nullptr) {
    observer_->onSubscriptionDeleted(arn);
  }
  return okStatus();
}

Status TopicRegistry::setSubscriptionAttribute(const std::string& subscription_arn,
                                               const std::string& name, const std::string& value) {
  auto it = subscriptions_.find(subscription_arn);
  if (it == subscriptions_.end()) {
    return snsError("NotFound", "Subscription does not exist");
  }
  if (Status applied = applySubscriptionAttribute(it->second, name, value); !applied.ok()) {
    return applied;
  }
  subscriptionChanged(it->second);
  return okStatus();
}

const Subscription* TopicRegistry::findSubscription(std::string_view arn) const {
  auto it = subscriptions_.find(std::string(arn));
  return it == subscriptions_.end() ? nullptr : &it->second;
}

std::vector<const Subscription*> TopicRegistry::subscriptions(std::string_view topic_arn) const {
  std::vector<const Subscription*> out;
  for (const auto& [arn, subscription] : subscriptions_) {
    if (topic_arn.empty() || subscription.topic_arn == topic_arn) {
      out.push_back(&subscription);
    }
  }
  return out;
}

std::vector<const Subscription*> TopicRegistry::matching(
    const Topic& topic, std::string_view message, const MessageAttributes& attributes) const {
  std::vector<const Subscription*> out;
  std::string attributes_json;
  for (const std::string& arn : topic.subscriptions) {
    const Subscription& subscription = subscriptions_.at(arn);
    if (subscription.filter) {
      router::MatchResult match;
      if (subscription.filter_policy_scope == "MessageBody") {
        match = subscription.filter->match(message);
      } else {
        if (attributes_json.empty()) {
          attributes_json = attributesAsJson(attributes);
        }
        match = subscription.filter->match(attributes_json);
      }
      if (match != router::MatchResult::kMatch) {
        continue;
      }
    }
    out.push_back(&subscription);
  }
  return out;
}

void TopicRegistry::topicChanged(const Topic& topic) {
  if (observer_ != nullptr) {
    observer_->onTopicChanged(record(topic));
  }
}

void TopicRegistry::subscriptionChanged(const Subscription& subscription) {
  if (observer_ != nullptr) {
    observer_->onSubscriptionChanged(record(subscription));
  }
}

TopicRecord TopicRegistry::record(const Topic& topic) const {
  return TopicRecord{topic.name, topic.arn, topic.attributes, topic.tags};
}

SubscriptionRecord TopicRegistry::record(const Subscription& subscription) const {
  SubscriptionRecord record;
  record.arn = subscription.arn;
  record.topic_arn = subscription.topic_arn;
  record.protocol = subscription.protocol;
  record.endpoint = subscription.endpoint;
  record.filter_policy = subscription.filter_policy;
  record.filter_policy_scope = subscription.filter_policy_scope;
  record.raw_message_delivery = subscription.raw_message_delivery;
  return record;
}

Status TopicRegistry::restoreTopic(TopicRecord record) {
  if (record.arn.empty() || !validTopicName(record.name)) {
    return makeError(Errc::kInvalidArgument,
                     "cannot restore topic \"" + record.name + "\": not a valid topic name");
  }
  auto [it, inserted] = topics_.try_emplace(record.arn);
  if (!inserted) {
    return makeError(Errc::kInvalidArgument,
                     "cannot restore topic " + record.arn + ": it exists already");
  }
  Topic& topic = it->second;
  topic.name = std::move(record.name);
  topic.arn = std::move(record.arn);
  topic.attributes = std::move(record.attributes);
  topic.tags = std::move(record.tags);
  return okStatus();
}

Status TopicRegistry::restoreSubscription(const SubscriptionRecord& record) {
  auto topic = topics_.find(record.topic_arn);
  if (topic == topics_.end()) {
    return makeError(Errc::kInvalidArgument, "cannot restore subscription " + record.arn +
                                                 ": its topic " + record.topic_arn +
                                                 " does not exist");
  }
  if (subscriptions_.contains(record.arn)) {
    return makeError(Errc::kInvalidArgument,
                     "cannot restore subscription " + record.arn + ": it exists already");
  }
  Subscription subscription;
  subscription.arn = record.arn;
  subscription.topic_arn = record.topic_arn;
  subscription.protocol = record.protocol;
  subscription.endpoint = record.endpoint;
  subscription.raw_message_delivery = record.raw_message_delivery;
  // Through the same checks as the API: the filter policy is compiled again.
  Status applied =
      applySubscriptionAttribute(subscription, "FilterPolicyScope", record.filter_policy_scope);
  if (applied.ok()) {
    applied = applySubscriptionAttribute(subscription, "FilterPolicy", record.filter_policy);
  }
  if (!applied.ok()) {
    return makeError(Errc::kInvalidArgument,
                     "cannot restore subscription " + record.arn + ": " + applied.error().message);
  }
  topic->second.subscriptions.push_back(record.arn);
  subscriptions_.emplace(record.arn, std::move(subscription));
  return okStatus();
}

}  // namespace switchyard::sns
