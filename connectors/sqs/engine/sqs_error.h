#pragma once

#include <string>
#include <string_view>

#include "gateway/core/result.h"

namespace switchyard::sqs {

// SQS error codes the engine reports, spelled as SQS's JSON protocol names them (the `__type`
// after '#'). The AWS protocol layer maps each to its query code and HTTP status.
namespace error_code {
inline constexpr std::string_view kQueueDoesNotExist = "QueueDoesNotExist";
inline constexpr std::string_view kQueueNameExists = "QueueNameExists";
inline constexpr std::string_view kInvalidParameterValue = "InvalidParameterValue";
inline constexpr std::string_view kInvalidAttributeName = "InvalidAttributeName";
inline constexpr std::string_view kInvalidAttributeValue = "InvalidAttributeValue";
inline constexpr std::string_view kMissingParameter = "MissingParameter";
inline constexpr std::string_view kInvalidMessageContents = "InvalidMessageContents";
inline constexpr std::string_view kReceiptHandleIsInvalid = "ReceiptHandleIsInvalid";
inline constexpr std::string_view kMessageNotInflight = "MessageNotInflight";
inline constexpr std::string_view kPurgeQueueInProgress = "PurgeQueueInProgress";
inline constexpr std::string_view kInternalFailure = "InternalFailure";
}  // namespace error_code

// Every engine error is a project Error whose message is "<Code>: <text>", e.g.
// "QueueDoesNotExist: The specified queue does not exist." (the SNS engine does the same).
// Error::code is the nearest Errc: kNotFound for QueueDoesNotExist, kResourceExhausted for
// PurgeQueueInProgress, kInternal for InternalFailure, kInvalidArgument for the rest.
Error sqsError(std::string_view code, std::string_view text);

struct SqsErrorParts {
  std::string_view code;  // "QueueDoesNotExist"; "InternalFailure" for errors without a prefix
  std::string_view text;  // "The specified queue does not exist."
};
// Splits an error made by sqsError(). The views point into `error`.
SqsErrorParts splitSqsError(const Error& error);

}  // namespace switchyard::sqs
