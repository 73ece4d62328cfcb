#include "connectors/sqs/engine/queue_settings.h"

#include <simdjson.h>

#include <array>
#include <cctype>
#include <string>

#include "connectors/sqs/engine/sqs_error.h"
#include "gateway/core/json_writer.h"

namespace switchyard::sqs {
namespace {

constexpr std::array<std::string_view, 6> kComputedAttributes = {
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
    "QueueArn"};

constexpr std::array<std::string_view, 16> kSettableAttributes = {"DelaySeconds",
                                                                  "MaximumMessageSize",
                                                                  "MessageRetentionPeriod",
                                                                  "ReceiveMessageWaitTimeSeconds",
                                                                  "VisibilityTimeout",
                                                                  "RedrivePolicy",
                                                                  "Policy",
                                                                  "RedriveAllowPolicy",
                                                                  "KmsMasterKeyId",
                                                                  "KmsDataKeyReusePeriodSeconds",
                                                                  "SqsManagedSseEnabled",
                                                                  "FifoQueue",
                                                                  "ContentBasedDeduplication",
                                                                  "DeduplicationScope",
                                                                  "FifoThroughputLimit",
                                                                  "All"};

constexpr int kMaxReceiveCountLimit = 1000;

Error unknownAttribute(std::string_view name) {
  return sqsError(error_code::kInvalidAttributeName,
                  "Unknown Attribute " + std::string(name) + ".");
}

Error invalidValue(std::string_view name, std::string_view reason) {
  return sqsError(
      error_code::kInvalidAttributeValue,
      "Invalid value for the parameter " + std::string(name) + ". Reason: " + std::string(reason));
}

Error fifoOnly(std::string_view name) {
  return sqsError(error_code::kInvalidAttributeName, "You can specify the " + std::string(name) +
                                                         " only when FifoQueue is set to true.");
}

std::optional<int> parseInt(std::string_view text) {
  if (text.empty() || text.size() > 9) {
    return std::nullopt;
  }
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<bool> parseBool(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower == "true") {
    return true;
  }
  if (lower == "false") {
    return false;
  }
  return std::nullopt;
}

Status setInt(std::string_view name, std::string_view text, int low, int high, int* out) {
  const std::optional<int> value = parseInt(text);
  if (!value || *value < low || *value > high) {
    return invalidValue(name, "Must be an integer from " + std::to_string(low) + " to " +
                                  std::to_string(high) + ".");
  }
  *out = *value;
  return okStatus();
}

Status setBool(std::string_view name, std::string_view text, bool* out) {
  const std::optional<bool> value = parseBool(text);
  if (!value) {
    return invalidValue(name, "Must be true or false.");
  }
  *out = *value;
  return okStatus();
}

Status setChoice(std::string_view name, std::string_view text, std::string_view first,
                 std::string_view second, std::string* out) {
  if (text != first && text != second) {
    return invalidValue(name, "Must be " + std::string(first) + " or " + std::string(second) + ".");
  }
  *out = std::string(text);
  return okStatus();
}

Error invalidRedrivePolicy(std::string_view text, std::string_view reason) {
  return sqsError(error_code::kInvalidParameterValue,
                  "Value " + std::string(text) + " for parameter RedrivePolicy is invalid. " +
                      "Reason: " + std::string(reason));
}

Result<RedrivePolicy> parseRedrivePolicy(std::string_view text, const ArnScope& scope) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(text.data(), text.size()).get_object().get(object) != simdjson::SUCCESS) {
    return invalidRedrivePolicy(text, "Redrive policy is not a valid JSON map.");
  }
  RedrivePolicy policy;
  bool has_count = false;
  for (const auto field : object) {
    if (field.key == "deadLetterTargetArn") {
      std::string_view arn;
      if (field.value.get_string().get(arn) != simdjson::SUCCESS) {
        return invalidRedrivePolicy(text, "deadLetterTargetArn must be a string.");
      }
      policy.dead_letter_target_arn = std::string(arn);
    } else if (field.key == "maxReceiveCount") {
      int64_t count = 0;
      std::string_view count_text;
      if (field.value.get_int64().get(count) == simdjson::SUCCESS) {
        has_count = true;
      } else if (field.value.get_string().get(count_text) == simdjson::SUCCESS) {
        const std::optional<int> parsed = parseInt(count_text);
        has_count = parsed.has_value();
        count = parsed.value_or(0);
      }
      if (!has_count || count < 1 || count > kMaxReceiveCountLimit) {
        return invalidRedrivePolicy(text,
                                    "Invalid value for maxReceiveCount: valid values are "
                                    "from 1 to 1000 both inclusive.");
      }
      policy.max_receive_count = static_cast<int>(count);
    } else {
      return invalidRedrivePolicy(
          text, "Only following attributes are supported: [deadLetterTargetArn, maxReceiveCount].");
    }
  }
  if (policy.dead_letter_target_arn.empty()) {
    return invalidRedrivePolicy(text, "The required parameter 'deadLetterTargetArn' is missing.");
  }
  if (!has_count) {
    return invalidRedrivePolicy(text, "The required parameter 'maxReceiveCount' is missing.");
  }
  std::optional<std::string> name = queueNameFromArn(scope, policy.dead_letter_target_arn);
  if (!name) {
    return invalidRedrivePolicy(text,
                                "Invalid value for deadLetterTargetArn: it must be the ARN "
                                "of a queue in " +
                                    scope.region + " of account " + scope.account + ".");
  }
  policy.dead_letter_queue_name = std::move(*name);
  return policy;
}

bool isJsonObject(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  return parser.parse(text.data(), text.size()).get_object().get(object) == simdjson::SUCCESS;
}

Status applyOne(std::string_view name, std::string_view value, const ArnScope& scope,
                QueueSettings* next) {
  if (name == "DelaySeconds") {
    return setInt(name, value, 0, kMaximumDelaySeconds, &next->delay_seconds);
  }
  if (name == "MaximumMessageSize") {
    return setInt(name, value, 1024, kMaximumMessageSizeLimit, &next->maximum_message_size);
  }
  if (name == "MessageRetentionPeriod") {
    return setInt(name, value, 60, 1209600, &next->message_retention_period);
  }
  if (name == "ReceiveMessageWaitTimeSeconds") {
    return setInt(name, value, 0, kMaximumWaitTimeSeconds,
                  &next->receive_message_wait_time_seconds);
  }
  if (name == "VisibilityTimeout") {
    return setInt(name, value, 0, kMaximumVisibilityTimeout, &next->visibility_timeout);
  }
  if (name == "RedrivePolicy") {
    if (value.empty()) {
      next->redrive_policy.reset();
      return okStatus();
    }
    Result<RedrivePolicy> policy = parseRedrivePolicy(value, scope);
    if (!policy.ok()) {
      return policy.error();
    }
    next->redrive_policy = std::move(policy).value();
    return okStatus();
  }
  if (name == "Policy") {
    next->policy = std::string(value);
    return okStatus();
  }
  if (name == "RedriveAllowPolicy") {
    if (!value.empty() && !isJsonObject(value)) {
      return invalidValue(name, "Must be a JSON object.");
    }
    next->redrive_allow_policy = std::string(value);
    return okStatus();
  }
  if (name == "KmsMasterKeyId") {
    next->kms_master_key_id = std::string(value);
    return okStatus();
  }
  if (name == "KmsDataKeyReusePeriodSeconds") {
    return setInt(name, value, 60, 86400, &next->kms_data_key_reuse_period_seconds);
  }
  if (name == "SqsManagedSseEnabled") {
    return setBool(name, value, &next->sqs_managed_sse_enabled);
  }
  if (name == "ContentBasedDeduplication") {
    if (!next->fifo) {
      return unknownAttribute(name);
    }
    return setBool(name, value, &next->content_based_deduplication);
  }
  if (name == "DeduplicationScope") {
    if (!next->fifo) {
      return fifoOnly(name);
    }
    return setChoice(name, value, "queue", "messageGroup", &next->deduplication_scope);
  }
  if (name == "FifoThroughputLimit") {
    if (!next->fifo) {
      return fifoOnly(name);
    }
    return setChoice(name, value, "perQueue", "perMessageGroupId", &next->fifo_throughput_limit);
  }
  return unknownAttribute(name);
}

}  // namespace

std::string queueArn(const ArnScope& scope, std::string_view name) {
  std::string arn = "arn:";
  arn.append(scope.partition).append(":sqs:").append(scope.region).append(":");
  arn.append(scope.account).append(":").append(name);
  return arn;
}

std::optional<std::string> queueNameFromArn(const ArnScope& scope, std::string_view arn) {
  std::string prefix = queueArn(scope, "");
  if (!arn.starts_with(prefix) || arn.size() == prefix.size()) {
    return std::nullopt;
  }
  return std::string(arn.substr(prefix.size()));
}

Status applyQueueAttributes(const AttributeMap& attributes, AttributeUse use, const ArnScope& scope,
                            QueueSettings* settings) {
  QueueSettings next = *settings;
  if (auto fifo = attributes.find("FifoQueue"); fifo != attributes.end()) {
    const std::optional<bool> value = parseBool(fifo->second);
    if (!value) {
      return invalidValue("FifoQueue", "Must be true or false.");
    }
    if (use == AttributeUse::kCreateQueue) {
      next.fifo = *value;
    } else if (*value != next.fifo) {
      return invalidValue("FifoQueue", "Modifying queue type is not supported.");
    }
  }
  for (const auto& [name, value] : attributes) {
    if (name == "FifoQueue") {
      continue;
    }
    if (Status applied = applyOne(name, value, scope, &next); !applied.ok()) {
      return applied;
    }
  }
  *settings = std::move(next);
  return okStatus();
}

AttributeMap renderQueueSettings(const QueueSettings& settings) {
  AttributeMap out;
  out["DelaySeconds"] = std::to_string(settings.delay_seconds);
  out["MaximumMessageSize"] = std::to_string(settings.maximum_message_size);
  out["MessageRetentionPeriod"] = std::to_string(settings.message_retention_period);
  out["ReceiveMessageWaitTimeSeconds"] = std::to_string(settings.receive_message_wait_time_seconds);
  out["VisibilityTimeout"] = std::to_string(settings.visibility_timeout);
  out["SqsManagedSseEnabled"] = settings.sqs_managed_sse_enabled ? "true" : "false";
  if (settings.redrive_policy) {
    std::string policy = R"({"deadLetterTargetArn":)";
    json::appendString(policy, settings.redrive_policy->dead_letter_target_arn);
    policy.append(R"(,"maxReceiveCount":)");
    policy.append(std::to_string(settings.redrive_policy->max_receive_count));
    policy.push_back('}');
    out["RedrivePolicy"] = std::move(policy);
  }
  if (!settings.policy.empty()) {
    out["Policy"] = settings.policy;
  }
  if (!settings.redrive_allow_policy.empty()) {
    out["RedriveAllowPolicy"] = settings.redrive_allow_policy;
  }
  if (!settings.kms_master_key_id.empty()) {
    out["KmsMasterKeyId"] = settings.kms_master_key_id;
  }
  if (!settings.kms_master_key_id.empty() || settings.kms_data_key_reuse_period_seconds != 300) {
    out["KmsDataKeyReusePeriodSeconds"] =
        std::to_string(settings.kms_data_key_reuse_period_seconds);
  }
  if (settings.fifo) {
    out["FifoQueue"] = "true";
    out["ContentBasedDeduplication"] = settings.content_based_deduplication ? "true" : "false";
    out["DeduplicationScope"] = settings.deduplication_scope;
    out["FifoThroughputLimit"] = settings.fifo_throughput_limit;
  }
  return out;
}

bool isQueueAttributeName(std::string_view name) {
  for (std::string_view known : kComputedAttributes) {
    if (name == known) {
      return true;
    }
  }
  for (std::string_view known : kSettableAttributes) {
    if (name == known) {
      return true;
    }
  }
  return false;
}

}  // namespace switchyard::sqs
