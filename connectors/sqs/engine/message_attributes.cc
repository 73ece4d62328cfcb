#include "connectors/sqs/engine/message_attributes.h"

#include <cctype>
#include <string>

#include "connectors/sqs/engine/message_validation.h"
#include "connectors/sqs/engine/sqs_error.h"
#include "gateway/core/assert.h"

namespace switchyard::sqs {
namespace {

constexpr size_t kMaxNameLength = 256;
constexpr size_t kMaxDataTypeLength = 256;
constexpr int kMaxNumberDigits = 38;

enum class BaseType { kString, kNumber, kBinary, kInvalid };

BaseType baseType(std::string_view data_type) {
  for (auto [prefix, type] : {std::pair{std::string_view("String"), BaseType::kString},
                              std::pair{std::string_view("Number"), BaseType::kNumber},
                              std::pair{std::string_view("Binary"), BaseType::kBinary}}) {
    if (data_type == prefix) {
      return type;
    }
    if (data_type.size() > prefix.size() + 1 && data_type.starts_with(prefix) &&
        data_type[prefix.size()] == '.') {
      return type;
    }
  }
  return BaseType::kInvalid;
}

bool startsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) {
    return false;
  }
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

bool isValidName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength || name.front() == '.' || name.back() == '.' ||
      name.find("..") != std::string_view::npos || startsWithIgnoringCase(name, "AWS.") ||
      startsWithIgnoringCase(name, "Amazon.")) {
    return false;
  }
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-' || c == '.')) {
      return false;
    }
  }
  return true;
}

// [+-]digits[.digits][(e|E)[+-]digits] with at least one digit in the mantissa and at most 38
// significant digits (leading zeros do not count).
bool isValidNumber(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    ++i;
  }
  int digits = 0;
  int significant = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
      if (c != '0' || significant > 0) {
        ++significant;
      }
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (digits == 0 || significant > kMaxNumberDigits) {
    return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      ++i;
    }
    int exponent_digits = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      ++exponent_digits;
    }
    if (exponent_digits == 0 || exponent_digits > 4) {
      return false;
    }
  }
  return i == text.size();
}

Error invalid(std::string text) { return sqsError(error_code::kInvalidParameterValue, text); }

void appendLengthPrefixed(std::string& out, std::string_view bytes) {
  const auto size = static_cast<uint32_t>(bytes.size());
  out.push_back(static_cast<char>(size >> 24));
  out.push_back(static_cast<char>(size >> 16));
  out.push_back(static_cast<char>(size >> 8));
  out.push_back(static_cast<char>(size));
  out.append(bytes);
}

}  // namespace

Status validateMessageAttributes(const MessageAttributeMap& attributes) {
  if (attributes.size() > kMaxMessageAttributes) {
    return invalid("Number of message attributes [" + std::to_string(attributes.size()) +
                   "] exceeds the allowed maximum [" + std::to_string(kMaxMessageAttributes) +
                   "].");
  }
  for (const auto& [name, value] : attributes) {
    if (!isValidName(name)) {
      return invalid("Message (user) attribute name '" + name +
                     "' is invalid. Names are 1 to 256 characters of A-Z, a-z, 0-9, '_', '-' "
                     "and '.', must not start with 'AWS.' or 'Amazon.', and must not start, end "
                     "or repeat with a period.");
    }
    const BaseType type = baseType(value.data_type);
    if (type == BaseType::kInvalid || value.data_type.size() > kMaxDataTypeLength) {
      return invalid("The type of message (user) attribute '" + name +
                     "' is invalid. You must use only the following supported type prefixes: "
                     "Binary, Number, String.");
    }
    if (type == BaseType::kBinary) {
      if (value.binary_value.empty()) {
        return invalid("Message (user) attribute '" + name +
                       "' must contain a non-empty value of type 'Binary'.");
      }
      continue;
    }
    const char* type_name = type == BaseType::kNumber ? "Number" : "String";
    if (value.string_value.empty()) {
      return invalid("Message (user) attribute '" + name +
                     "' must contain a non-empty value of type '" + type_name + "'.");
    }
    if (type == BaseType::kNumber && !isValidNumber(value.string_value)) {
      return invalid("Can't cast the value of message (user) attribute '" + name +
                     "' to a number.");
    }
    if (!isAllowedMessageText(value.string_value)) {
      return invalid("Message (user) attribute '" + name +
                     "' contains invalid characters. Valid unicode characters are #x9 | #xA | "
                     "#xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
    }
  }
  return okStatus();
}

size_t messageAttributesSize(const MessageAttributeMap& attributes) {
  size_t size = 0;
  for (const auto& [name, value] : attributes) {
    size += name.size() + value.data_type.size() + value.string_value.size() +
            value.binary_value.size();
  }
  return size;
}

Md5Digest md5OfMessageAttributes(const MessageAttributeMap& attributes) {
  SY_DEBUG_ASSERT(!attributes.empty());
  std::string encoded;
  encoded.reserve(messageAttributesSize(attributes) + attributes.size() * 13);
  for (const auto& [name, value] : attributes) {
    appendLengthPrefixed(encoded, name);
    appendLengthPrefixed(encoded, value.data_type);
    if (baseType(value.data_type) == BaseType::kBinary) {
      encoded.push_back(2);
      appendLengthPrefixed(encoded, value.binary_value);
    } else {
      encoded.push_back(1);
      appendLengthPrefixed(encoded, value.string_value);
    }
  }
  return md5(encoded);
}

}  // namespace switchyard::sqs
