#include "connectors/sns/sns_api.h"

#include <algorithm>

#include "connectors/aws/message_attributes.h"
#include "connectors/aws/xml_writer.h"
#include "connectors/sqs/engine/queue_settings.h"
#include "connectors/sqs/sqs_api.h"
#include "dispatcher/dispatcher.h"
#include "dispatcher/render/lambda_records.h"
#include "gateway/core/event.h"
#include "gateway/core/log.h"

namespace switchyard::sns {
namespace {

constexpr size_t kMaxMessageBytes = 256 * 1024;

aws::AwsResponse errorResponse(const aws::AwsCall& call, const Error& error) {
  std::string_view message = error.message;
  size_t colon = message.find(": ");
  if (colon == std::string_view::npos) {
    return aws::awsError(call, 500, "InternalError", message);
  }
  return aws::awsError(call, message.substr(0, colon), message.substr(colon + 2));
}

Error snsError(std::string_view code, std::string_view text) {
  return makeError(Errc::kInvalidArgument, std::string(code) + ": " + std::string(text));
}

// Tags.member.N.Key / Tags.member.N.Value.
TopicTags tagMap(const aws::QueryParams& params, std::string_view prefix) {
  TopicTags out;
  for (auto& [key, value] : params.pairs(prefix, "Key", "Value")) {
    out[key] = value;
  }
  return out;
}

std::map<std::string, std::string> entryMap(const aws::QueryParams& params,
                                            std::string_view prefix) {
  std::map<std::string, std::string> out;
  for (auto& [key, value] : params.pairs(prefix, "key", "value")) {
    out[key] = value;
  }
  return out;
}

Result<MessageAttributes> messageAttributes(const aws::QueryParams& params) {
  Result<std::vector<aws::MessageAttribute>> parsed =
      aws::messageAttributesFromQuery(params, "MessageAttributes.entry");
  if (!parsed.ok()) {
    return snsError("InvalidParameterValue", parsed.error().message);
  }
  MessageAttributes out;
  for (const aws::MessageAttribute& attribute : *parsed) {
    out[attribute.name] = {attribute.data_type,
                           attribute.isBinary() ? attribute.binary_value : attribute.string_value};
  }
  return out;
}

void attributeEntries(aws::XmlWriter& writer,
                      const std::map<std::string, std::string>& attributes) {
  writer.open("Attributes");
  for (const auto& [key, value] : attributes) {
    writer.open("entry").element("key", key).element("value", value).close();
  }
  writer.close();
}

std::map<std::string, dispatcher::MessageAttributeValue> toRecordAttributes(
    const MessageAttributes& attributes) {
  std::map<std::string, dispatcher::MessageAttributeValue> out;
  for (const auto& [name, attribute] : attributes) {
    out[name] = {attribute.type, attribute.value};
  }
  return out;
}

}  // namespace

void SnsApi::addTrigger(const std::string& topic, const router::TriggerRoute* trigger) {
  pending_triggers_.emplace_back(topic, trigger);  // resolved in start(), on the hub thread
}

bool SnsApi::acknowledgesAfterCommit(std::string_view operation) const {
  // Publishes too: a subscribed queue got the message, which must be kept once answered.
  static constexpr std::string_view kDurable[] = {
      "CreateTopic",  "DeleteTopic",   "SetTopicAttributes",
      "Subscribe",    "Unsubscribe",   "SetSubscriptionAttributes",
      "TagResource",  "UntagResource", "Publish",
      "PublishBatch",
  };
  return std::find(std::begin(kDurable), std::end(kDurable), operation) != std::end(kDurable);
}

void SnsApi::handle(aws::AwsCallContext&& context, aws::AwsReplyPtr reply) {
  aws::answer(std::move(reply), dispatch(context));
}

aws::AwsResponse SnsApi::dispatch(const aws::AwsCallContext& context) {
  const aws::AwsCall& call = context.call;
  const aws::QueryParams& params = context.params;
  const std::string& operation = call.operation;
  aws::XmlWriter writer;
  if (operation == "CreateTopic") {
    Result<const Topic*> topic =
        registry_->createTopic(std::string(params.get("Name")),
                               entryMap(params, "Attributes.entry"), tagMap(params, "Tags.member"));
    if (!topic.ok()) {
      return errorResponse(call, topic.error());
    }
    writer.element("TopicArn", (*topic)->arn);
  } else if (operation == "DeleteTopic") {
    std::string arn(params.get("TopicArn"));
    Status deleted = registry_->deleteTopic(arn);
    triggers_.erase(arn);
    if (!deleted.ok()) {
      return errorResponse(call, deleted.error());
    }
  } else if (operation == "ListTopics") {
    writer.open("Topics");
    for (const Topic* topic : registry_->topics()) {
      writer.open("member").element("TopicArn", topic->arn).close();
    }
    writer.close();
  } else if (operation == "GetTopicAttributes" || operation == "SetTopicAttributes") {
    const Topic* topic = registry_->findTopic(params.get("TopicArn"));
    if (topic == nullptr) {
      return aws::awsError(call, "NotFound", "Topic does not exist");
    }
    if (operation == "SetTopicAttributes") {
      Status set =
          registry_->setTopicAttribute(topic->arn, std::string(params.get("AttributeName")),
                                       std::string(params.get("AttributeValue")));
      if (!set.ok()) {
        return errorResponse(call, set.error());
      }
    } else {
      std::map<std::string, std::string> attributes = topic->attributes;
      attributes["TopicArn"] = topic->arn;
      attributes["Owner"] = hub_->config().aws.account;
      attributes["SubscriptionsConfirmed"] = std::to_string(topic->subscriptions.size());
      attributes["SubscriptionsPending"] = "0";
      attributes["SubscriptionsDeleted"] = "0";
      attributeEntries(writer, attributes);
    }
  } else if (operation == "Subscribe") {
    std::string protocol(params.get("Protocol"));
    std::string endpoint(params.get("Endpoint"));
    if (protocol == "lambda") {
      size_t marker = endpoint.find(":function:");
      std::string function = marker == std::string::npos ? endpoint : endpoint.substr(marker + 10);
      function = function.substr(0, function.find(':'));
      if (hub_->dispatcher().findFunction(function) == nullptr) {
        return aws::awsError(
            call, "InvalidParameter",
            "Invalid parameter: Endpoint: no Switchyard function named \"" + function + "\"");
      }
    }
    Result<const Subscription*> subscription =
        registry_->subscribe(std::string(params.get("TopicArn")), protocol, endpoint,
                             entryMap(params, "Attributes.entry"));
    if (!subscription.ok()) {
      return errorResponse(call, subscription.error());
    }
    writer.element("SubscriptionArn", (*subscription)->arn);
  } else if (operation == "Unsubscribe") {
    Status status = registry_->unsubscribe(std::string(params.get("SubscriptionArn")));
    if (!status.ok()) {
      return errorResponse(call, status.error());
    }
  } else if (operation == "ListSubscriptions" || operation == "ListSubscriptionsByTopic") {
    std::string_view topic =
        operation == "ListSubscriptions" ? std::string_view() : params.get("TopicArn");
    if (!topic.empty() && registry_->findTopic(topic) == nullptr) {
      return aws::awsError(call, "NotFound", "Topic does not exist");
    }
    writer.open("Subscriptions");
    for (const Subscription* subscription : registry_->subscriptions(topic)) {
      writer.open("member")
          .element("SubscriptionArn", subscription->arn)
          .element("Owner", hub_->config().aws.account)
          .element("Protocol", subscription->protocol)
          .element("Endpoint", subscription->endpoint)
          .element("TopicArn", subscription->topic_arn)
          .close();
    }
    writer.close();
  } else if (operation == "GetSubscriptionAttributes" || operation == "SetSubscriptionAttributes") {
    std::string arn(params.get("SubscriptionArn"));
    if (operation == "SetSubscriptionAttributes") {
      Status status = registry_->setSubscriptionAttribute(
          arn, std::string(params.get("AttributeName")), std::string(params.get("AttributeValue")));
      if (!status.ok()) {
        return errorResponse(call, status.error());
      }
    } else {
      const Subscription* subscription = registry_->findSubscription(arn);
      if (subscription == nullptr) {
        return aws::awsError(call, "NotFound", "Subscription does not exist");
      }
      std::map<std::string, std::string> attributes = {
          {"SubscriptionArn", subscription->arn},
          {"TopicArn", subscription->topic_arn},
          {"Protocol", subscription->protocol},
          {"Endpoint", subscription->endpoint},
          {"Owner", hub_->config().aws.account},
          {"PendingConfirmation", "false"},
          {"ConfirmationWasAuthenticated", "true"},
          {"FilterPolicyScope", subscription->filter_policy_scope},
          {"RawMessageDelivery", subscription->raw_message_delivery ? "true" : "false"}};
      if (!subscription->filter_policy.empty()) {
        attributes["FilterPolicy"] = subscription->filter_policy;
      }
      attributeEntries(writer, attributes);
    }
  } else if (operation == "Publish") {
    std::string message_id;
    aws::AwsResponse refused = publish(call, params, &message_id);
    if (message_id.empty()) {
      return refused;
    }
    writer.element("MessageId", message_id);
  } else if (operation == "PublishBatch") {
    return publishBatch(context);
  } else if (operation == "TagResource" || operation == "UntagResource" ||
             operation == "ListTagsForResource") {
    return tags(context);
  } else {
    return aws::awsError(call, 400, "InvalidAction",
                         "Switchyard does not implement SNS " + operation);
  }
  return aws::queryResult(call, std::move(writer).finish());
}

aws::AwsResponse SnsApi::tags(const aws::AwsCallContext& context) {
  const aws::AwsCall& call = context.call;
  const std::string arn(context.params.get("ResourceArn"));
  const std::string& operation = call.operation;
  if (operation == "TagResource") {
    Status tagged = registry_->tagTopic(arn, tagMap(context.params, "Tags.member"));
    return tagged.ok() ? aws::queryResult(call, "") : errorResponse(call, tagged.error());
  }
  if (operation == "UntagResource") {
    Status untagged = registry_->untagTopic(arn, context.params.list("TagKeys.member"));
    return untagged.ok() ? aws::queryResult(call, "") : errorResponse(call, untagged.error());
  }
  const Topic* topic = registry_->findTopic(arn);
  if (topic == nullptr) {
    return aws::awsError(call, "ResourceNotFound", "Resource does not exist");
  }
  aws::XmlWriter writer;
  writer.open("Tags");
  for (const auto& [key, value] : topic->tags) {
    writer.open("member").element("Key", key).element("Value", value).close();
  }
  writer.close();
  return aws::queryResult(call, std::move(writer).finish());
}

aws::AwsResponse SnsApi::publish(const aws::AwsCall& call, const aws::QueryParams& params,
                                 std::string* message_id) {
  std::string topic(params.get("TopicArn"));
  if (topic.empty()) {
    topic = std::string(params.get("TargetArn"));
  }
  if (!params.has("Message")) {
    return aws::awsError(call, "InvalidParameter", "Invalid parameter: Message");
  }
  Result<MessageAttributes> attributes = messageAttributes(params);
  if (!attributes.ok()) {
    return errorResponse(call, attributes.error());
  }
  Result<std::string> published = deliver(topic, std::string(params.get("Message")),
                                          std::string(params.get("Subject")), *attributes);
  if (!published.ok()) {
    return errorResponse(call, published.error());
  }
  *message_id = *published;
  return {};
}

aws::AwsResponse SnsApi::publishBatch(const aws::AwsCallContext& context) {
  const aws::AwsCall& call = context.call;
  std::string topic(context.params.get("TopicArn"));
  if (registry_->findTopic(topic) == nullptr) {
    return aws::awsError(call, "NotFound", "Topic does not exist");
  }
  std::vector<aws::IndexedEntry> entries =
      context.params.indexedStructs("PublishBatchRequestEntries.member");
  if (entries.empty()) {
    return aws::awsError(call, "EmptyBatchRequest",
                         "The batch request doesn't contain any entries.");
  }
  if (entries.size() > 10) {
    return aws::awsError(call, "TooManyEntriesInBatchRequest",
                         "The batch request contains more entries than permissible.");
  }
  aws::XmlWriter successful;
  aws::XmlWriter failed;
  for (const aws::IndexedEntry& entry : entries) {
    std::string id(entry.fields.get("Id"));
    Result<MessageAttributes> attributes = messageAttributes(entry.fields);
    Result<std::string> published =
        attributes.ok() ? deliver(topic, std::string(entry.fields.get("Message")),
                                  std::string(entry.fields.get("Subject")), *attributes)
                        : Result<std::string>(attributes.error());
    if (published.ok()) {
      successful.open("member").element("Id", id).element("MessageId", *published).close();
    } else {
      std::string_view message = published.error().message;
      size_t colon = message.find(": ");
      failed.open("member")
          .element("Id", id)
          .element("Code", message.substr(0, colon))
          .element("Message", colon == std::string_view::npos ? message : message.substr(colon + 2))
          .element("SenderFault", "true")
          .close();
    }
  }
  aws::XmlWriter writer;
  writer.open("Successful").raw(std::move(successful).finish()).close();
  writer.open("Failed").raw(std::move(failed).finish()).close();
  return aws::queryResult(call, std::move(writer).finish());
}

Result<std::string> SnsApi::deliver(const std::string& topic_arn, const std::string& message,
                                    const std::string& subject,
                                    const MessageAttributes& attributes) {
  const Topic* topic = registry_->findTopic(topic_arn);
  if (topic == nullptr) {
    return snsError("NotFound", "Topic does not exist");
  }
  if (message.empty()) {
    return snsError("InvalidParameter", "Invalid parameter: Empty message");
  }
  if (message.size() > kMaxMessageBytes) {
    return snsError("InvalidParameter",
                    "Invalid parameter: Message too long (the limit is 262144 bytes)");
  }
  dispatcher::SnsNotification notification;
  notification.message_id = EventId::generate(unixMicrosNow() / 1000).toString();
  notification.topic_arn = topic->arn;
  notification.subject = subject;
  notification.message = message;
  notification.timestamp_us = unixMicrosNow();
  notification.message_attributes = toRecordAttributes(attributes);
  dispatcher::Dispatcher& dispatcher = hub_->dispatcher();

  for (const Subscription* subscription : registry_->matching(*topic, message, attributes)) {
    if (subscription->protocol == "lambda") {
      size_t marker = subscription->endpoint.find(":function:");
      std::string function = subscription->endpoint.substr(marker + 10);
      function = function.substr(0, function.find(':'));
      const dispatcher::FunctionSpec* spec = dispatcher.findFunction(function);
      if (spec == nullptr) {
        log::warn("sns", "A subscription names a function that does not exist; skipped.",
                  {{"subscription", subscription->arn}, {"function", function}});
        continue;
      }
      EventInit init;
      init.kind = EventKind::kSns;
      init.source = topic->name;
      init.content_type = "application/json";
      EventRef event =
          Event::create(init, dispatcher::renderSnsEvent(notification, subscription->arn));
      std::unique_ptr<dispatcher::SyncReply> no_reply;
      dispatcher::AdmitResult admitted =
          dispatcher.invoke(spec->id, event, EventFormat::kAws, no_reply);
      if (admitted.status != dispatcher::AdmitStatus::kAccepted) {
        return snsError(
            "Throttled",
            "the function \"" + function + "\" is not accepting events (" +
                std::string(admitted.status == dispatcher::AdmitStatus::kQueueFull ? "queue full"
                                                                                   : "draining") +
                "); retry");
      }
    } else {
      auto* sqs_api = dynamic_cast<sqs::SqsApi*>(hub_->service("sqs"));
      std::optional<std::string> queue =
          sqs_api == nullptr
              ? std::nullopt
              : sqs::queueNameFromArn(sqs_api->engine().scope(), subscription->endpoint);
      if (!queue) {
        continue;
      }
      sqs::SendRequest request;
      if (subscription->raw_message_delivery) {
        request.body = message;
        for (const auto& [name, attribute] : attributes) {
          bool binary = attribute.type.starts_with("Binary");
          request.message_attributes[name] = {attribute.type, binary ? "" : attribute.value,
                                              binary ? attribute.value : ""};
        }
      } else {
        request.body = dispatcher::renderSnsEnvelope(notification, subscription->arn);
      }
      Result<sqs::SendResult> sent =
          sqs_api->engine().send(*queue, std::move(request), hub_->nowMillis());
      if (!sent.ok()) {
        log::warn("sns", "Delivery to a queue subscription failed.",
                  {{"subscription", subscription->arn}, {"error", sent.error().message}});
        continue;
      }
      sqs_api->queueChanged(*queue);
    }
  }
  for (auto [it, end] = triggers_.equal_range(topic->arn); it != end; ++it) {
    const router::TriggerRoute* trigger = it->second;
    EventInit init;
    init.kind = EventKind::kSns;
    init.source = trigger->name;
    init.content_type = "application/json";
    EventRef event = Event::create(
        init, dispatcher::renderSnsEvent(notification, topic->arn + ":" + trigger->name));
    trigger->metrics->received.add();
    dispatcher::AdmitResult admitted = dispatcher.route(*trigger, event);
    if (admitted.status == dispatcher::AdmitStatus::kAccepted) {
      trigger->metrics->accepted.add();
    } else if (admitted.status == dispatcher::AdmitStatus::kFiltered) {
      trigger->metrics->filtered.add();
    } else {
      trigger->metrics->rejected_queue_full.add();
      return snsError("Throttled",
                      "the trigger \"" + trigger->name + "\" is not accepting events; retry");
    }
  }
  return notification.message_id;
}

}  // namespace switchyard::sns
