#pragma once

#include <span>
#include <string>
#include <string_view>

#include "connectors/aws/message_attributes.h"

namespace switchyard::aws {

// SQS answers with MD5 digests the SDKs check (a mismatch throws InvalidChecksumError).

// MD5OfMessageBody / MD5OfBody: lowercase hex MD5 of the body bytes.
std::string md5Hex(std::string_view bytes);

// MD5OfMessageAttributes (and MD5OfMessageSystemAttributes): MD5 over SQS's binary encoding of
// the attributes sorted by name (byte order): for each, 4-byte big-endian length + name, length +
// data type, one transport byte (1 = string, 2 = binary), length + value. Empty if there are no
// attributes (SQS then omits the field).
std::string md5OfMessageAttributes(std::span<const MessageAttribute> attributes);

}  // namespace switchyard::aws
