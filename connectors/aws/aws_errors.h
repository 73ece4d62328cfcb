#pragma once

#include <string_view>

namespace switchyard::aws {

// How one modelled error of a service travels, so SDKs raise the right typed exception.
struct AwsErrorShape {
  std::string_view code;        // JSON "__type" name (SQS: "QueueDoesNotExist")
  std::string_view query_code;  // <Code> of the query protocol / x-amzn-query-error
  std::string_view exception;   // what the SDKs call it (SNS: "NotFoundException")
  int status;
  bool sender;  // the caller's fault ("Sender") rather than the service's ("Receiver")
};

// Looks an error up by any of its three names; nullptr if the service does not model it (then
// the code is used as given everywhere).
//   sqs: "QueueDoesNotExist" / "AWS.SimpleQueueService.NonExistentQueue"
//   sns: "NotFound" / "NotFoundException"
const AwsErrorShape* findErrorShape(std::string_view service, std::string_view code);

// Why SigV4 authentication refused a request; each service names these differently.
enum class AuthFailure {
  kMissingAuthentication,  // credentials are configured but the request is unsigned
  kIncompleteSignature,    // the Authorization header is malformed
  kUnknownAccessKey,       // the access key id is not configured
  kSignatureMismatch,      // wrong secret, altered request, scope/date mismatch
  kRequestExpired,         // X-Amz-Date too far from now
};

struct AuthErrorCode {
  std::string_view code;
  int status;
};
// The code and status `service` answers `failure` with (SQS "SignatureDoesNotMatch", Kinesis
// "InvalidSignatureException", S3 "RequestTimeTooSkewed", ...).
AuthErrorCode authErrorCode(std::string_view service, AuthFailure failure);

}  // namespace switchyard::aws
