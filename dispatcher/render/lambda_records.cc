#include "dispatcher/render/lambda_records.h"

#include "gateway/core/json_writer.h"

namespace switchyard::dispatcher {
namespace {

void appendKeyString(std::string& out, std::string_view key, std::string_view value,
                     bool comma = true) {
  if (comma) {
    out.push_back(',');
  }
  json::appendString(out, key);
  out.push_back(':');
  json::appendString(out, value);
}

// SQS's messageAttributes in a Lambda event: lower-camel keys and both list fields present.
void appendSqsMessageAttributes(std::string& out,
                                const std::map<std::string, MessageAttributeValue>& attributes) {
  out.push_back('{');
  bool first = true;
  for (const auto& [name, attribute] : attributes) {
    if (!first) {
      out.push_back(',');
    }
    first = false;
    json::appendString(out, name);
    out.push_back(':');
    bool binary = attribute.data_type.starts_with("Binary");
    if (binary) {
      out.append(R"({"binaryValue":")");
      json::appendBase64(out, attribute.value);
      out.append(R"(")");
    } else {
      out.append(R"({"stringValue":)");
      json::appendString(out, attribute.value);
    }
    out.append(R"(,"stringListValues":[],"binaryListValues":[],"dataType":)");
    json::appendString(out, attribute.data_type);
    out.push_back('}');
  }
  out.push_back('}');
}

// SNS's MessageAttributes: {"k":{"Type":"String","Value":"v"}}; binary values base64.
void appendSnsMessageAttributes(std::string& out,
                                const std::map<std::string, MessageAttributeValue>& attributes) {
  out.push_back('{');
  bool first = true;
  for (const auto& [name, attribute] : attributes) {
    if (!first) {
      out.push_back(',');
    }
    first = false;
    json::appendString(out, name);
    out.append(R"(:{"Type":)");
    json::appendString(out, attribute.data_type);
    out.append(R"(,"Value":)");
    if (attribute.data_type.starts_with("Binary")) {
      out.push_back('"');
      json::appendBase64(out, attribute.value);
      out.push_back('"');
    } else {
      json::appendString(out, attribute.value);
    }
    out.push_back('}');
  }
  out.push_back('}');
}

void appendSnsFields(std::string& out, const SnsNotification& notification,
                     const std::string& subscription_arn, bool lambda_casing) {
  out.append(R"({"Type":"Notification")");
  appendKeyString(out, "MessageId", notification.message_id);
  appendKeyString(out, "TopicArn", notification.topic_arn);
  out.append(R"(,"Subject":)");
  if (notification.subject.empty()) {
    out.append("null");
  } else {
    json::appendString(out, notification.subject);
  }
  appendKeyString(out, "Message", notification.message);
  out.append(R"(,"Timestamp":")");
  json::appendRfc3339(out, notification.timestamp_us);
  out.push_back('"');
  appendKeyString(out, "SignatureVersion", "1");
  appendKeyString(out, "Signature", "EXAMPLE");
  // Lambda's record spells these SigningCertUrl / UnsubscribeUrl; the SQS envelope ...URL.
  appendKeyString(out, lambda_casing ? "SigningCertUrl" : "SigningCertURL",
                  "https://sns.amazonaws.com/SimpleNotificationService-switchyard.pem");
  appendKeyString(out, lambda_casing ? "UnsubscribeUrl" : "UnsubscribeURL",
                  "http://127.0.0.1/?Action=Unsubscribe&SubscriptionArn=" + subscription_arn);
  out.append(R"(,"MessageAttributes":)");
  appendSnsMessageAttributes(out, notification.message_attributes);
  out.push_back('}');
}

}  // namespace

std::string renderSqsEvent(const std::vector<SqsRecord>& records) {
  std::string out = R"({"Records":[)";
  for (size_t i = 0; i < records.size(); ++i) {
    const SqsRecord& record = records[i];
    if (i > 0) {
      out.push_back(',');
    }
    out.push_back('{');
    appendKeyString(out, "messageId", record.message_id, false);
    appendKeyString(out, "receiptHandle", record.receipt_handle);
    appendKeyString(out, "body", record.body);
    out.append(R"(,"attributes":{)");
    bool first = true;
    for (const auto& [name, value] : record.attributes) {
      appendKeyString(out, name, value, !first);
      first = false;
    }
    out.append(R"(},"messageAttributes":)");
    appendSqsMessageAttributes(out, record.message_attributes);
    appendKeyString(out, "md5OfBody", record.md5_of_body);
    if (!record.md5_of_message_attributes.empty()) {
      appendKeyString(out, "md5OfMessageAttributes", record.md5_of_message_attributes);
    }
    appendKeyString(out, "eventSource", "aws:sqs");
    appendKeyString(out, "eventSourceARN", record.queue_arn);
    appendKeyString(out, "awsRegion", record.region);
    out.push_back('}');
  }
  out.append("]}");
  return out;
}

std::string renderSnsEvent(const SnsNotification& notification,
                           const std::string& subscription_arn) {
  std::string out = R"({"Records":[{"EventSource":"aws:sns","EventVersion":"1.0")";
  appendKeyString(out, "EventSubscriptionArn", subscription_arn);
  out.append(R"(,"Sns":)");
  appendSnsFields(out, notification, subscription_arn, true);
  out.append("}]}");
  return out;
}

std::string renderSnsEnvelope(const SnsNotification& notification,
                              const std::string& subscription_arn) {
  std::string out;
  appendSnsFields(out, notification, subscription_arn, false);
  return out;
}

}  // namespace switchyard::dispatcher
