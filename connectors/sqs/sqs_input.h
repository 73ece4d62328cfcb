#pragma once

#include <simdjson.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/aws/aws_hub.h"
#include "connectors/sqs/engine/message_attributes.h"
#include "connectors/sqs/engine/queue_records.h"
#include "connectors/sqs/engine/queue_settings.h"

namespace switchyard::sqs {

// An SQS call's input, read the same way whether it came as JSON (AWS JSON 1.0, what current
// SDKs send) or as query parameters (the older query protocol): the JSON member and the query
// parameter names differ (Entries / SendMessageBatchRequestEntry.N, MessageAttributes map /
// MessageAttribute.N.Name+Value.*, Attributes map / Attribute.N.Name+Value), so each accessor
// knows both spellings.
class SqsInput {
 public:
  static Result<SqsInput> from(const aws::AwsCallContext& context);

  std::optional<std::string> string(std::string_view name) const;
  // An integer member or parameter; InvalidParameterValue-style error text if not one.
  Result<std::optional<int64_t>> integer(std::string_view name) const;
  // AttributeNames (JSON) / AttributeName.N (query), and the like.
  std::vector<std::string> stringList(std::string_view json_name,
                                      std::string_view query_prefix) const;
  // Attributes (JSON map) / Attribute.N.Name + .Value (query).
  AttributeMap attributes() const;
  TagMap tags() const;  // tags (JSON map) / Tag.N.Key + .Value
  Result<MessageAttributeMap> messageAttributes() const;
  // Batch entries: Entries (JSON) / <query_prefix>.N.* (query).
  std::vector<SqsInput> entries(std::string_view query_prefix) const;

 private:
  SqsInput() = default;

  std::shared_ptr<simdjson::dom::parser> parser_;  // keeps the JSON document alive
  std::optional<simdjson::dom::element> json_;
  aws::QueryParams query_;
  bool is_json_ = false;
};

}  // namespace switchyard::sqs
