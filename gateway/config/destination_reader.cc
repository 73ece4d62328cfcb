#include "gateway/config/destination_reader.h"

#include <algorithm>
#include <optional>
#include <string>

#include "gateway/config/function_reader.h"
#include "gateway/config/value_parsers.h"

namespace switchyard::config {

namespace {

constexpr std::string_view kDestinationExample =
    "a destination: { function: NAME }, { topic: NAME } or { dlq: true }";

// Topics end up as Kafka topics or Redis stream keys: Kafka's rule fits both.
bool isValidTopic(std::string_view topic) {
  constexpr size_t kMaxTopicLength = 249;
  return !topic.empty() && topic.size() <= kMaxTopicLength &&
         std::all_of(topic.begin(), topic.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
         });
}

}  // namespace

DestinationConfig readDestination(ErrorSink& errors, const ValueRef& ref) {
  DestinationConfig destination;
  MapReader fields(errors, ref, {"function", "topic", "dlq"}, kDestinationExample);
  const int given = static_cast<int>(fields.has("function")) +
                    static_cast<int>(fields.has("topic")) + static_cast<int>(fields.has("dlq"));
  if (given == 0) {
    reportExpected(errors, ref, kDestinationExample);
  } else if (given > 1) {
    errors.report(ref.mark, ref.path,
                  "expected exactly one of function, topic or dlq, got " + std::to_string(given));
  }
  if (std::optional<ValueRef> function = fields.find("function")) {
    if (std::optional<std::string> name = readString(errors, *function)) {
      if (!isValidName(*name)) {
        reportExpected(errors, *function, "a function name of " + std::string(kNameRule));
      }
      destination = {DestinationConfig::Kind::kFunction, std::move(*name), function->mark};
    }
  }
  if (std::optional<ValueRef> topic = fields.find("topic")) {
    if (std::optional<std::string> name = readString(errors, *topic)) {
      if (!isValidTopic(*name)) {
        reportExpected(errors, *topic, "a topic name of 1 to 249 letters, digits, '.', '_' or '-'");
      }
      destination = {DestinationConfig::Kind::kTopic, std::move(*name), topic->mark};
    }
  }
  if (std::optional<ValueRef> dlq = fields.find("dlq")) {
    if (std::optional<bool> enabled = readBool(errors, *dlq)) {
      if (!*enabled) {
        errors.report(dlq->mark, dlq->path,
                      "expected true (leave the destination out to have none), got false");
      }
      destination = {DestinationConfig::Kind::kDlq, "", dlq->mark};
    }
  }
  return destination;
}

}  // namespace switchyard::config
