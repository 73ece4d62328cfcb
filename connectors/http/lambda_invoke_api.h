#pragma once

#include <string>
#include <string_view>

#include "connectors/connector.h"
#include "gateway/http/http_routes.h"

namespace switchyard::connectors {

// The Lambda Invoke API: POST /2015-03-31/functions/{FunctionName}/invocations, with
// X-Amz-Invocation-Type
//   RequestResponse (default): waits for the function; its body and status come back, and a
//     failed invocation carries X-Amz-Function-Error (the function's own value, or "Unhandled").
//   Event: 202 once queued; delivered asynchronously with the function's retry policy.
//   DryRun: 204 if the function exists.
// FunctionName may be a name, a full or partial ARN, with an optional :qualifier. Errors follow
// Lambda's shape (x-amzn-ErrorType header, {"Type","message"} body) so AWS SDKs map them to their
// typed exceptions (ResourceNotFoundException, InvalidRequestContentException, ...).
//
// NOTE: runs on every shard concurrently; holds only immutable state.
class LambdaInvokeApi final : public http::HttpRouteHandler {
 public:
  static constexpr std::string_view kPrefix = "/2015-03-31/functions/";
  // Lambda's payload limits: 6 MB synchronous, 256 KB asynchronous.
  static constexpr size_t kMaxSyncPayload = 6 * 1024 * 1024;
  static constexpr size_t kMaxAsyncPayload = 256 * 1024;

  explicit LambdaInvokeApi(ConnectorContext& context);
  void handle(const http::HttpRequest& request, std::string_view rest,
              http::HttpResponder responder) noexcept override;

  // "name", "name:qualifier", "arn:aws:lambda:r:a:function:name[:q]", "a:function:name[:q]" →
  // "name"; empty if malformed.
  static std::string_view functionNameFrom(std::string_view identifier);

 private:
  ConnectorContext& context_;
  std::string ingest_token_;
};

}  // namespace switchyard::connectors
