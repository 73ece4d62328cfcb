#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "connectors/sqs/engine/message_digest.h"
#include "gateway/core/result.h"

namespace switchyard::sqs {

// One message attribute as SendMessage takes it. (StringListValues / BinaryListValues are
// reserved by SQS and not accepted by it either.)
struct MessageAttributeValue {
  std::string data_type;     // "String", "Number" or "Binary", optionally + ".customLabel"
  std::string string_value;  // String and Number
  std::string binary_value;  // Binary: the raw bytes (the protocol layer decodes the base64)

  bool operator==(const MessageAttributeValue&) const = default;
};

// Ordered by name: SQS digests attributes in that order.
using MessageAttributeMap = std::map<std::string, MessageAttributeValue, std::less<>>;

inline constexpr size_t kMaxMessageAttributes = 10;

// What SendMessage checks (InvalidParameterValue otherwise): at most 10 attributes; names of 1 to
// 256 characters of [A-Za-z0-9_.-], not starting with "AWS." or "Amazon." (any case), without a
// leading, trailing or doubled '.'; data types String/Number/Binary[.label] up to 256 characters;
// non-empty values; String values in the allowed character set; Number values numeric with at
// most 38 significant digits.
Status validateMessageAttributes(const MessageAttributeMap& attributes);

// What the attributes add to the message size SQS limits: per attribute, the bytes of its name,
// data type and value.
size_t messageAttributesSize(const MessageAttributeMap& attributes);

// MD5OfMessageAttributes (and MD5OfMessageSystemAttributes): for each attribute in name order,
// the 4-byte big-endian length and bytes of the name, then of the data type, then one transport
// byte (1 = String/Number, 2 = Binary), then the length and bytes of the value; MD5 of it all.
// Precondition: `attributes` is not empty (SQS sends no digest for none).
Md5Digest md5OfMessageAttributes(const MessageAttributeMap& attributes);

}  // namespace switchyard::sqs
