#include "connectors/sqs/engine/message_validation.h"

#include <string>

#include "connectors/sqs/engine/sqs_error.h"

namespace switchyard::sqs {
namespace {

constexpr std::string_view kFifoSuffix = ".fifo";
constexpr size_t kMaxQueueNameLength = 80;
constexpr size_t kMaxFifoIdLength = 128;

bool isContinuation(unsigned char byte) { return (byte & 0xc0) == 0x80; }

bool isQueueNameCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool isFifoIdCharacter(char c) {
  // Alphanumeric or ASCII punctuation: every printable ASCII character except the space.
  return c > 0x20 && c < 0x7f;
}

}  // namespace

bool isAllowedMessageText(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      if (lead < 0x20 && lead != 0x09 && lead != 0x0a && lead != 0x0d) {
        return false;
      }
      ++i;
      continue;
    }
    if (lead >= 0xc2 && lead <= 0xdf) {  // U+0080..U+07FF: all allowed
      if (i + 1 >= size || !isContinuation(bytes[i + 1])) {
        return false;
      }
      i += 2;
      continue;
    }
    if (lead >= 0xe0 && lead <= 0xef) {  // U+0800..U+FFFF
      if (i + 2 >= size || !isContinuation(bytes[i + 1]) || !isContinuation(bytes[i + 2])) {
        return false;
      }
      const unsigned char second = bytes[i + 1];
      if (lead == 0xe0 && second < 0xa0) {  // overlong
        return false;
      }
      if (lead == 0xed && second >= 0xa0) {  // U+D800..U+DFFF: surrogates
        return false;
      }
      if (lead == 0xef && second == 0xbf && bytes[i + 2] >= 0xbe) {  // U+FFFE, U+FFFF
        return false;
      }
      i += 3;
      continue;
    }
    if (lead >= 0xf0 && lead <= 0xf4) {  // U+10000..U+10FFFF
      if (i + 3 >= size || !isContinuation(bytes[i + 1]) || !isContinuation(bytes[i + 2]) ||
          !isContinuation(bytes[i + 3])) {
        return false;
      }
      const unsigned char second = bytes[i + 1];
      if ((lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second > 0x8f)) {
        return false;
      }
      i += 4;
      continue;
    }
    return false;  // a stray continuation byte, 0xc0/0xc1 (overlong) or beyond U+10FFFF
  }
  return true;
}

Status validateMessageBody(std::string_view body) {
  if (body.empty()) {
    return sqsError(error_code::kMissingParameter,
                    "The request must contain the parameter MessageBody.");
  }
  if (!isAllowedMessageText(body)) {
    return sqsError(error_code::kInvalidMessageContents,
                    "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | "
                    "#x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
  }
  return okStatus();
}

Status validateFifoId(std::string_view parameter, std::string_view id) {
  bool valid = !id.empty() && id.size() <= kMaxFifoIdLength;
  for (size_t i = 0; valid && i < id.size(); ++i) {
    valid = isFifoIdCharacter(id[i]);
  }
  if (valid) {
    return okStatus();
  }
  return sqsError(error_code::kInvalidParameterValue,
                  "Value " + std::string(id) + " for parameter " + std::string(parameter) +
                      " is invalid. Reason: " + std::string(parameter) +
                      " can only include alphanumeric and punctuation characters. 1 to 128 in "
                      "length.");
}

Status validateQueueName(std::string_view name, bool fifo) {
  std::string_view base = name;
  const bool has_suffix = name.ends_with(kFifoSuffix);
  if (fifo && has_suffix) {
    base.remove_suffix(kFifoSuffix.size());
  }
  bool valid = !base.empty() && name.size() <= kMaxQueueNameLength && fifo == has_suffix;
  for (size_t i = 0; valid && i < base.size(); ++i) {
    valid = isQueueNameCharacter(base[i]);
  }
  if (valid) {
    return okStatus();
  }
  if (fifo) {
    return sqsError(error_code::kInvalidParameterValue,
                    "The name of a FIFO queue can only include alphanumeric characters, hyphens, "
                    "or underscores, must end with .fifo suffix and be 1 to 80 in length.");
  }
  return sqsError(error_code::kInvalidParameterValue,
                  "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in "
                  "length");
}

}  // namespace switchyard::sqs
