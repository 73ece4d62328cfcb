#include "gateway/config/aws_reader.h"

#include <cstdlib>

#include "gateway/config/env_expansion.h"
#include "gateway/core/json_writer.h"

namespace switchyard::config {
namespace {

constexpr Duration kMaxVisibility{12 * 3600'000LL};  // SQS: 12 h
constexpr Duration kMaxDelay{900'000};               // SQS: 15 min
constexpr Duration kMinRetention{60'000};
constexpr Duration kMaxRetention{14 * 24 * 3600'000LL};
constexpr Duration kMaxReceiveWait{20'000};

bool validQueueName(std::string_view name, bool fifo) {
  std::string_view base = name;
  if (fifo) {
    if (!base.ends_with(".fifo")) {
      return false;
    }
    base.remove_suffix(5);
  }
  if (base.empty() || name.size() > 80) {
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

bool looksLikeJsonScalar(const std::string& text) {
  if (text == "true" || text == "false" || text == "null") {
    return true;
  }
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return !text.empty() && end != nullptr && *end == '\0';
}

void readSecret(ErrorSink& errors, MapReader& fields, std::string_view key, std::string* out) {
  std::optional<ValueRef> value = fields.find(key);
  if (!value) {
    errors.report(fields.ref().mark, fields.pathOf(key),
                  "missing required key \"" + std::string(key) + "\"");
    return;
  }
  std::optional<std::string> text = readString(errors, *value);
  if (!text) {
    return;
  }
  Result<std::string> expanded = expandEnvironment(*text, processEnvironment);
  if (!expanded.ok()) {
    errors.report(value->mark, value->path, expanded.error().message);
    return;
  }
  *out = std::move(expanded).value();
}

}  // namespace

std::string yamlToJson(const YAML::Node& node) {
  std::string out;
  if (node.IsMap()) {
    out.push_back('{');
    bool first = true;
    for (const auto& entry : node) {
      if (!first) {
        out.push_back(',');
      }
      first = false;
      json::appendString(out, entry.first.Scalar());
      out.push_back(':');
      out.append(yamlToJson(entry.second));
    }
    out.push_back('}');
  } else if (node.IsSequence()) {
    out.push_back('[');
    for (size_t i = 0; i < node.size(); ++i) {
      if (i > 0) {
        out.push_back(',');
      }
      out.append(yamlToJson(node[i]));
    }
    out.push_back(']');
  } else if (node.IsScalar()) {
    // A quoted scalar (tag "!") is always a string; a plain one may be a number or a boolean.
    if (node.Tag() != "!" && looksLikeJsonScalar(node.Scalar())) {
      out.append(node.Scalar());
    } else {
      json::appendString(out, node.Scalar());
    }
  } else {
    out.append("null");
  }
  return out;
}

void readAws(ErrorSink& errors, const ValueRef& ref, AwsConfig* aws) {
  MapReader fields(errors, ref, {"region", "account", "credentials"},
                   "a map like { region: us-east-1, account: \"000000000000\" }");
  fields.readString("region", &aws->region);
  if (std::optional<ValueRef> account = fields.find("account")) {
    if (std::optional<std::string> text = readString(errors, *account)) {
      if (text->size() != 12 || text->find_first_not_of("0123456789") != std::string::npos) {
        errors.report(account->mark, account->path,
                      "expected a 12-digit account id (quote it: \"000000000000\")");
      } else {
        aws->account = *text;
      }
    }
  }
  if (std::optional<ValueRef> credentials = fields.find("credentials")) {
    if (!credentials->node.IsSequence()) {
      errors.report(credentials->mark, credentials->path,
                    "expected a list of { access_key_id, secret_access_key }");
      return;
    }
    for (size_t i = 0; i < credentials->node.size(); ++i) {
      ValueRef item = itemRef(*credentials, i, credentials->node[i]);
      MapReader credential(errors, item, {"access_key_id", "secret_access_key"},
                           "{ access_key_id: ..., secret_access_key: ... }");
      AwsCredential entry;
      readSecret(errors, credential, "access_key_id", &entry.access_key_id);
      readSecret(errors, credential, "secret_access_key", &entry.secret_access_key);
      aws->credentials.push_back(std::move(entry));
    }
  }
}

std::map<std::string, QueueConfig> readQueues(ErrorSink& errors, const ValueRef& ref) {
  std::map<std::string, QueueConfig> queues;
  forEachEntry(errors, ref, [&](const std::string& name, const ValueRef& value) {
    QueueConfig queue;
    queue.name = name;
    queue.mark = value.key_mark;
    MapReader fields(errors, value,
                     {"fifo", "content_based_deduplication", "visibility_timeout", "delay",
                      "retention", "receive_wait", "max_message_size", "redrive"},
                     "a queue definition (a map; {} for the defaults)");
    fields.readBool("fifo", &queue.fifo);
    fields.readBool("content_based_deduplication", &queue.content_based_deduplication);
    fields.readDuration("visibility_timeout", Duration{0}, kMaxVisibility,
                        &queue.visibility_timeout);
    fields.readDuration("delay", Duration{0}, kMaxDelay, &queue.delay);
    fields.readDuration("retention", kMinRetention, kMaxRetention, &queue.retention);
    fields.readDuration("receive_wait", Duration{0}, kMaxReceiveWait, &queue.receive_wait);
    fields.readByteSize("max_message_size", 1024, 256 * 1024, &queue.max_message_size);
    if (std::optional<ValueRef> redrive = fields.find("redrive")) {
      MapReader redrive_fields(errors, *redrive, {"dead_letter_queue", "max_receive_count"},
                               "{ dead_letter_queue: NAME, max_receive_count: N }");
      redrive_fields.readString("dead_letter_queue", &queue.dead_letter_queue);
      redrive_fields.readInteger("max_receive_count", 1, 1000, &queue.max_receive_count);
      if (queue.dead_letter_queue.empty() || queue.max_receive_count == 0) {
        errors.report(redrive->mark, redrive->path,
                      "a redrive policy needs both dead_letter_queue and max_receive_count");
      }
    }
    if (!validQueueName(name, queue.fifo)) {
      errors.report(value.key_mark, value.path,
                    queue.fifo ? "a FIFO queue's name is 1-75 letters, digits, - or _ and ends "
                                 "with .fifo"
                               : "a queue name is 1-80 letters, digits, - or _ (and .fifo only "
                                 "with fifo: true)");
    }
    queues.emplace(name, std::move(queue));
  });
  return queues;
}

std::map<std::string, TopicConfig> readTopics(ErrorSink& errors, const ValueRef& ref) {
  std::map<std::string, TopicConfig> topics;
  forEachEntry(errors, ref, [&](const std::string& name, const ValueRef& value) {
    TopicConfig topic;
    topic.name = name;
    topic.mark = value.key_mark;
    MapReader fields(errors, value, {"subscriptions"}, "a topic definition (a map)");
    if (std::optional<ValueRef> subscriptions = fields.find("subscriptions")) {
      if (!subscriptions->node.IsSequence()) {
        errors.report(subscriptions->mark, subscriptions->path,
                      "expected a list of subscriptions like { protocol: lambda, function: F }");
      } else {
        for (size_t i = 0; i < subscriptions->node.size(); ++i) {
          ValueRef item = itemRef(*subscriptions, i, subscriptions->node[i]);
          SubscriptionConfig subscription;
          subscription.mark = item.mark;
          MapReader sub(errors, item,
                        {"protocol", "function", "queue", "filter_policy", "filter_policy_scope",
                         "raw_message_delivery"},
                        "a subscription like { protocol: lambda, function: F }");
          if (std::optional<ValueRef> protocol = sub.find("protocol")) {
            if (std::optional<std::string> text =
                    readChoice(errors, *protocol, {"lambda", "sqs"})) {
              subscription.protocol = *text;
            }
          } else {
            errors.report(item.mark, item.path,
                          "missing required key \"protocol\" (lambda or sqs)");
          }
          sub.readString("function", &subscription.function);
          sub.readString("queue", &subscription.queue);
          if (std::optional<ValueRef> filter = sub.find("filter_policy")) {
            if (!filter->node.IsMap()) {
              errors.report(filter->mark, filter->path, "expected a filter policy map");
            } else {
              subscription.filter_policy = yamlToJson(filter->node);
            }
          }
          if (std::optional<ValueRef> scope = sub.find("filter_policy_scope")) {
            if (std::optional<std::string> text =
                    readChoice(errors, *scope, {"MessageAttributes", "MessageBody"})) {
              subscription.filter_policy_scope = *text;
            }
          }
          sub.readBool("raw_message_delivery", &subscription.raw_message_delivery);
          if (subscription.protocol == "lambda" && subscription.function.empty()) {
            errors.report(item.mark, item.path, "a lambda subscription needs `function: NAME`");
          }
          if (subscription.protocol == "sqs" && subscription.queue.empty()) {
            errors.report(item.mark, item.path, "an sqs subscription needs `queue: NAME`");
          }
          topic.subscriptions.push_back(std::move(subscription));
        }
      }
    }
    topics.emplace(name, std::move(topic));
  });
  return topics;
}

void checkAwsReferences(ErrorSink& errors, const Config& config) {
  for (const auto& [name, queue] : config.queues) {
    if (queue.dead_letter_queue.empty()) {
      continue;
    }
    auto target = config.queues.find(queue.dead_letter_queue);
    if (target == config.queues.end()) {
      errors.report(queue.mark, "queues." + name + ".redrive.dead_letter_queue",
                    "no queue named \"" + queue.dead_letter_queue + "\" in queues");
    } else if (target->second.fifo != queue.fifo) {
      errors.report(queue.mark, "queues." + name + ".redrive.dead_letter_queue",
                    "a FIFO queue redrives to a FIFO queue, a standard one to a standard one");
    }
  }
  for (const auto& [name, topic] : config.topics) {
    for (size_t i = 0; i < topic.subscriptions.size(); ++i) {
      const SubscriptionConfig& subscription = topic.subscriptions[i];
      std::string path = "topics." + name + ".subscriptions[" + std::to_string(i) + "]";
      if (subscription.protocol == "lambda" && !subscription.function.empty() &&
          !config.functions.contains(subscription.function)) {
        errors.report(subscription.mark, path + ".function",
                      "no function named \"" + subscription.function + "\"");
      }
      if (subscription.protocol == "sqs" && !subscription.queue.empty() &&
          !config.queues.contains(subscription.queue)) {
        errors.report(subscription.mark, path + ".queue",
                      "no queue named \"" + subscription.queue + "\" in queues");
      }
    }
  }
}

}  // namespace switchyard::config
