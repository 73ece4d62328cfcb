#include "connectors/sqs/engine/sqs_error.h"

namespace switchyard::sqs {

Error sqsError(std::string_view code, std::string_view text) {
  Errc errc = Errc::kInvalidArgument;
  if (code == error_code::kQueueDoesNotExist) {
    errc = Errc::kNotFound;
  } else if (code == error_code::kPurgeQueueInProgress) {
    errc = Errc::kResourceExhausted;
  } else if (code == error_code::kInternalFailure) {
    errc = Errc::kInternal;
  }
  std::string message;
  message.reserve(code.size() + 2 + text.size());
  message.append(code).append(": ").append(text);
  return makeError(errc, std::move(message));
}

SqsErrorParts splitSqsError(const Error& error) {
  const std::string_view message = error.message;
  const size_t colon = message.find(": ");
  if (colon == std::string_view::npos || colon == 0) {
    return {error_code::kInternalFailure, message};
  }
  for (size_t i = 0; i < colon; ++i) {
    const char c = message[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.')) {
      return {error_code::kInternalFailure, message};
    }
  }
  return {message.substr(0, colon), message.substr(colon + 2)};
}

}  // namespace switchyard::sqs
