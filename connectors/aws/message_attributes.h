#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "connectors/aws/query_params.h"
#include "gateway/core/result.h"

namespace switchyard::aws {

// A message attribute as SQS and SNS carry them (MessageAttributeValue): a name, a data type
// ("String", "Number", "Binary", optionally with a custom suffix: "Number.int", "Binary.png")
// and one value.
struct MessageAttribute {
  std::string name;
  std::string data_type;
  std::string string_value;  // String and Number types
  std::string binary_value;  // Binary types: the raw bytes (decoded from base64)

  bool isBinary() const;
};

// From the JSON protocol's map: {"k":{"DataType":"String","StringValue":"v"},
// "b":{"DataType":"Binary","BinaryValue":"<base64>"}}. Errors name the attribute and what is
// wrong (missing DataType, a String without StringValue, bad base64, ...), for an
// InvalidParameterValue answer.
Result<std::vector<MessageAttribute>> messageAttributesFromJson(std::string_view json_object);

// From query-protocol parameters: `prefix.N.Name`, `prefix.N.Value.DataType`,
// `prefix.N.Value.StringValue`, `prefix.N.Value.BinaryValue` (base64). The prefix is
// "MessageAttribute" for SQS, "MessageAttributes.entry" for SNS.
Result<std::vector<MessageAttribute>> messageAttributesFromQuery(const QueryParams& params,
                                                                 std::string_view prefix);

}  // namespace switchyard::aws
