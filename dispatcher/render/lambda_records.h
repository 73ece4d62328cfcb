#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace switchyard::dispatcher {

// The events AWS Lambda hands a handler for its queue and topic sources, byte-compatible with what
// real handlers (and their typings, e.g. @types/aws-lambda's SQSEvent / SNSEvent) expect.

struct MessageAttributeValue {
  std::string data_type;  // String, Number, Binary (and custom suffixes like Number.int)
  std::string value;      // Binary: the raw bytes (rendered base64)
};

struct SqsRecord {
  std::string message_id;
  std::string receipt_handle;
  std::string body;
  std::map<std::string, std::string> attributes;  // ApproximateReceiveCount, SentTimestamp, ...
  std::map<std::string, MessageAttributeValue> message_attributes;
  std::string md5_of_body;
  std::string md5_of_message_attributes;  // empty: omitted
  std::string queue_arn;
  std::string region;
};

// {"Records":[{"messageId","receiptHandle","body","attributes","messageAttributes",
//   "md5OfBody","eventSource":"aws:sqs","eventSourceARN","awsRegion"}, ...]}
std::string renderSqsEvent(const std::vector<SqsRecord>& records);

struct SnsNotification {
  std::string message_id;
  std::string topic_arn;
  std::string subject;  // empty: null
  std::string message;
  int64_t timestamp_us = 0;
  std::map<std::string, MessageAttributeValue> message_attributes;
};

// One Lambda SNS record: {"Records":[{"EventSource":"aws:sns","EventVersion":"1.0",
//   "EventSubscriptionArn", "Sns":{"Type":"Notification","MessageId","TopicArn","Subject",
//   "Message","Timestamp","SignatureVersion","Signature","SigningCertUrl","UnsubscribeUrl",
//   "MessageAttributes":{"k":{"Type","Value"}}}}]}
std::string renderSnsEvent(const SnsNotification& notification,
                           const std::string& subscription_arn);
// The JSON envelope SNS puts in an SQS message (without raw delivery): Type, MessageId, TopicArn,
// Subject, Message, Timestamp, SignatureVersion, Signature, SigningCertURL, UnsubscribeURL,
// MessageAttributes.
std::string renderSnsEnvelope(const SnsNotification& notification,
                              const std::string& subscription_arn);

}  // namespace switchyard::dispatcher
