#pragma once

#include <string>
#include <vector>

#include "connectors/aws/aws_response.h"
#include "connectors/sqs/engine/queue_engine_types.h"
#include "connectors/sqs/engine/queue_records.h"
#include "connectors/sqs/engine/queue_settings.h"

namespace switchyard::sqs {

// SQS answers in both protocols: JSON 1.0 members, or the query protocol's XML elements (lists
// as repeated elements, maps as Name/Value entries). One function per answer shape.

aws::AwsResponse renderEmpty(const aws::AwsCall& call);
aws::AwsResponse renderQueueUrl(const aws::AwsCall& call, const std::string& url);
// `json_name` is the JSON member ("QueueUrls"; "queueUrls" for ListDeadLetterSourceQueues),
// `xml_element` the repeated query element ("QueueUrl").
aws::AwsResponse renderUrlList(const aws::AwsCall& call, const std::vector<std::string>& urls,
                               std::string_view json_name, std::string_view xml_element);
aws::AwsResponse renderAttributes(const aws::AwsCall& call, const AttributeMap& attributes);
aws::AwsResponse renderTags(const aws::AwsCall& call, const TagMap& tags);
aws::AwsResponse renderSendResult(const aws::AwsCall& call, const SendResult& result);

// One entry of a batch answer: a success (with the send result for SendMessageBatch) or a
// failure (Code, Message, SenderFault).
struct BatchEntryResult {
  std::string id;
  bool ok = true;
  SendResult sent;  // SendMessageBatch successes
  std::string code;
  std::string message;
  bool sender_fault = true;
};
aws::AwsResponse renderBatchResult(const aws::AwsCall& call,
                                   const std::vector<BatchEntryResult>& entries);

// What a ReceiveMessage asked to see: system attributes (AttributeNames /
// MessageSystemAttributeNames; "All") and message attributes (MessageAttributeNames; "All",
// ".*" or "prefix.*").
struct ReceiveFilter {
  std::vector<std::string> attribute_names;
  std::vector<std::string> message_attribute_names;
};
aws::AwsResponse renderMessages(const aws::AwsCall& call,
                                const std::vector<ReceivedMessage>& messages,
                                const ReceiveFilter& filter);

}  // namespace switchyard::sqs
