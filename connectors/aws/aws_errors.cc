#include "connectors/aws/aws_errors.h"

#include <array>

namespace switchyard::aws {
namespace {

// SQS: modelled errors with their awsQueryError codes (SQS's Smithy model), then the common
// AWS errors SQS returns without modelling them.
constexpr std::array<AwsErrorShape, 33> kSqsErrors{{
    {"BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
     "BatchEntryIdsNotDistinct", 400, true},
    {"BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", "BatchRequestTooLong",
     400, true},
    {"EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", "EmptyBatchRequest", 400,
     true},
    {"InvalidAddress", "InvalidAddress", "InvalidAddress", 404, true},
    {"InvalidAttributeName", "InvalidAttributeName", "InvalidAttributeName", 400, true},
    {"InvalidAttributeValue", "InvalidAttributeValue", "InvalidAttributeValue", 400, true},
    {"InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", "InvalidBatchEntryId",
     400, true},
    {"InvalidIdFormat", "InvalidIdFormat", "InvalidIdFormat", 400, true},
    {"InvalidMessageContents", "InvalidMessageContents", "InvalidMessageContents", 400, true},
    {"InvalidSecurity", "InvalidSecurity", "InvalidSecurity", 403, true},
    {"KmsAccessDenied", "KMS.AccessDeniedException", "KmsAccessDenied", 400, true},
    {"KmsDisabled", "KMS.DisabledException", "KmsDisabled", 400, true},
    {"KmsNotFound", "KMS.NotFoundException", "KmsNotFound", 400, true},
    {"MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", "MessageNotInflight", 400,
     true},
    {"OverLimit", "OverLimit", "OverLimit", 403, true},
    {"PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", "PurgeQueueInProgress",
     403, true},
    {"QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently", "QueueDeletedRecently",
     400, true},
    {"QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", 400,
     true},
    {"QueueNameExists", "QueueAlreadyExists", "QueueNameExists", 400, true},
    {"ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404, true},
    {"RequestThrottled", "RequestThrottled", "RequestThrottled", 403, true},
    {"ResourceNotFoundException", "ResourceNotFoundException", "ResourceNotFoundException", 404,
     true},
    {"TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
     "TooManyEntriesInBatchRequest", 400, true},
    {"UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", "UnsupportedOperation",
     400, true},
    // Not modelled: the SDK raises SQSServiceException with this name.
    {"InvalidParameterValue", "InvalidParameterValue", "InvalidParameterValue", 400, true},
    {"MissingParameter", "MissingParameter", "MissingParameter", 400, true},
    {"InvalidAction", "InvalidAction", "InvalidAction", 400, true},
    {"MessageTooLong", "MessageTooLong", "MessageTooLong", 400, true},
    {"SignatureDoesNotMatch", "SignatureDoesNotMatch", "SignatureDoesNotMatch", 403, true},
    {"IncompleteSignature", "IncompleteSignature", "IncompleteSignature", 400, true},
    {"InvalidClientTokenId", "InvalidClientTokenId", "InvalidClientTokenId", 403, true},
    {"MissingAuthenticationToken", "MissingAuthenticationToken", "MissingAuthenticationToken", 403,
     true},
    {"InternalFailure", "InternalFailure", "InternalFailure", 500, false},
}};

// SNS speaks only the query protocol: <Code> is the query code, the SDK's exception name is
// mostly that + "Exception".
constexpr std::array<AwsErrorShape, 25> kSnsErrors{{
    {"AuthorizationError", "AuthorizationError", "AuthorizationErrorException", 403, true},
    {"BatchEntryIdsNotDistinct", "BatchEntryIdsNotDistinct", "BatchEntryIdsNotDistinctException",
     400, true},
    {"BatchRequestTooLong", "BatchRequestTooLong", "BatchRequestTooLongException", 400, true},
    {"EmptyBatchRequest", "EmptyBatchRequest", "EmptyBatchRequestException", 400, true},
    {"EndpointDisabled", "EndpointDisabled", "EndpointDisabledException", 400, true},
    {"FilterPolicyLimitExceeded", "FilterPolicyLimitExceeded", "FilterPolicyLimitExceededException",
     403, true},
    {"InternalError", "InternalError", "InternalErrorException", 500, false},
    {"InvalidBatchEntryId", "InvalidBatchEntryId", "InvalidBatchEntryIdException", 400, true},
    {"InvalidParameter", "InvalidParameter", "InvalidParameterException", 400, true},
    {"ParameterValueInvalid", "ParameterValueInvalid", "InvalidParameterValueException", 400, true},
    {"InvalidSecurity", "InvalidSecurity", "InvalidSecurityException", 403, true},
    {"KMSAccessDenied", "KMSAccessDenied", "KMSAccessDeniedException", 400, true},
    {"KMSNotFound", "KMSNotFound", "KMSNotFoundException", 400, true},
    {"NotFound", "NotFound", "NotFoundException", 404, true},
    {"PlatformApplicationDisabled", "PlatformApplicationDisabled",
     "PlatformApplicationDisabledException", 400, true},
    {"SubscriptionLimitExceeded", "SubscriptionLimitExceeded", "SubscriptionLimitExceededException",
     403, true},
    {"Throttled", "Throttled", "ThrottledException", 429, true},
    {"TooManyEntriesInBatchRequest", "TooManyEntriesInBatchRequest",
     "TooManyEntriesInBatchRequestException", 400, true},
    {"TopicLimitExceeded", "TopicLimitExceeded", "TopicLimitExceededException", 403, true},
    {"ValidationException", "ValidationException", "ValidationException", 400, true},
    // Not modelled.
    {"InvalidAction", "InvalidAction", "InvalidAction", 400, true},
    {"SignatureDoesNotMatch", "SignatureDoesNotMatch", "SignatureDoesNotMatch", 403, true},
    {"IncompleteSignature", "IncompleteSignature", "IncompleteSignature", 400, true},
    {"InvalidClientTokenId", "InvalidClientTokenId", "InvalidClientTokenId", 403, true},
    {"MissingAuthenticationToken", "MissingAuthenticationToken", "MissingAuthenticationToken", 403,
     true},
}};

template <size_t N>
const AwsErrorShape* findIn(const std::array<AwsErrorShape, N>& table, std::string_view code) {
  for (const AwsErrorShape& shape : table) {
    if (shape.code == code || shape.query_code == code || shape.exception == code) {
      return &shape;
    }
  }
  return nullptr;
}

}  // namespace

const AwsErrorShape* findErrorShape(std::string_view service, std::string_view code) {
  if (service == "sqs") {
    return findIn(kSqsErrors, code);
  }
  if (service == "sns") {
    return findIn(kSnsErrors, code);
  }
  return nullptr;
}

AuthErrorCode authErrorCode(std::string_view service, AuthFailure failure) {
  // S3 has its own vocabulary.
  if (service == "s3") {
    switch (failure) {
      case AuthFailure::kMissingAuthentication:
        return {"AccessDenied", 403};
      case AuthFailure::kIncompleteSignature:
        return {"AuthorizationHeaderMalformed", 400};
      case AuthFailure::kUnknownAccessKey:
        return {"InvalidAccessKeyId", 403};
      case AuthFailure::kSignatureMismatch:
        return {"SignatureDoesNotMatch", 403};
      case AuthFailure::kRequestExpired:
        return {"RequestTimeTooSkewed", 403};
    }
  }
  // The query-protocol family (SQS, SNS) uses the classic AWS common error codes.
  if (service == "sqs" || service == "sns") {
    switch (failure) {
      case AuthFailure::kMissingAuthentication:
        return {"MissingAuthenticationToken", 403};
      case AuthFailure::kIncompleteSignature:
        return {"IncompleteSignature", 400};
      case AuthFailure::kUnknownAccessKey:
        return {"InvalidClientTokenId", 403};
      case AuthFailure::kSignatureMismatch:
      case AuthFailure::kRequestExpired:
        return {"SignatureDoesNotMatch", 403};
    }
  }
  // JSON 1.1 and REST-JSON services (Kinesis, EventBridge, Lambda): the *Exception names.
  switch (failure) {
    case AuthFailure::kMissingAuthentication:
      return {"MissingAuthenticationTokenException", 403};
    case AuthFailure::kIncompleteSignature:
      return {"IncompleteSignatureException", 400};
    case AuthFailure::kUnknownAccessKey:
      return {"UnrecognizedClientException", 403};
    case AuthFailure::kSignatureMismatch:
    case AuthFailure::kRequestExpired:
      return {"InvalidSignatureException", 403};
  }
  return {"AccessDenied", 403};
}

}  // namespace switchyard::aws
