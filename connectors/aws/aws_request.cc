#include "connectors/aws/aws_request.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "connectors/aws/sigv4_authorization.h"
#include "gateway/core/random.h"

namespace switchyard::aws {
namespace {

constexpr std::string_view kDefaultRegion = "us-east-1";
constexpr std::string_view kLambdaFunctionsPrefix = "/2015-03-31/functions/";

// The media type of a Content-Type value, without parameters or surrounding spaces.
std::string_view mediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
    type.remove_suffix(1);
  }
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) {
    type.remove_prefix(1);
  }
  return type;
}

bool isFormBody(const http::HttpRequest& request) {
  return http::equalsIgnoreCase(mediaType(request.header("content-type")),
                                "application/x-www-form-urlencoded");
}

std::optional<Protocol> jsonProtocolOf(std::string_view content_type) {
  std::string_view type = mediaType(content_type);
  if (http::equalsIgnoreCase(type, "application/x-amz-json-1.0")) {
    return Protocol::kJson10;
  }
  if (http::equalsIgnoreCase(type, "application/x-amz-json-1.1")) {
    return Protocol::kJson11;
  }
  return std::nullopt;
}

struct Scope {
  std::string service;
  std::string region;
};

// The credential scope of a SigV4 Authorization header, if the request has a parseable one.
// A malformed header is not classification's business: signature verification reports it.
std::optional<Scope> credentialScope(const http::HttpRequest& request) {
  if (!request.hasHeader("authorization")) {
    return std::nullopt;
  }
  Result<SigV4Authorization> authorization = parseAuthorization(request.header("authorization"));
  if (!authorization.ok()) {
    return std::nullopt;
  }
  return Scope{std::move(authorization->credential.service),
               std::move(authorization->credential.region)};
}

bool isOperationName(std::string_view name) {
  return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

// "/123456789012/orders": the queue URL path older SQS SDKs post query calls to.
bool isQueuePath(std::string_view path) {
  if (path.size() < 2 || path.front() != '/') {
    return false;
  }
  std::string_view rest = path.substr(1);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) {
    return false;
  }
  std::string_view account = rest.substr(0, slash);
  std::string_view queue = rest.substr(slash + 1);
  if (!queue.empty() && queue.back() == '/') {
    queue.remove_suffix(1);
  }
  return std::all_of(account.begin(), account.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         !queue.empty() && queue.find('/') == std::string_view::npos;
}

// GET /?Action=ListQueues&Version=...: the query protocol with its parameters in the URL.
bool urlHasAction(std::string_view query) {
  if (query.find("Action=") == std::string_view::npos) {
    return false;
  }
  Result<QueryParams> params = QueryParams::parse(query);
  return params.ok() && params->has("Action");
}

Error unrecognized(std::string message) {
  return makeError(Errc::kInvalidArgument, std::move(message));
}

std::string quoted(std::string_view text) {
  std::string out = "'";
  out.append(text.substr(0, 100));
  out.push_back('\'');
  return out;
}

Result<AwsCall> classifyTarget(const http::HttpRequest& request, std::string_view target,
                               const std::optional<Scope>& scope) {
  size_t dot = target.rfind('.');
  std::string_view prefix = target.substr(0, dot);
  std::string_view operation =
      dot == std::string_view::npos ? std::string_view{} : target.substr(dot + 1);
  if (dot == std::string_view::npos || !isOperationName(operation)) {
    return unrecognized("X-Amz-Target " + quoted(target) + " is not of the form Service.Operation");
  }
  const AwsServiceInfo* service = findServiceByTarget(prefix);
  if (service == nullptr) {
    return makeError(Errc::kNotFound, "X-Amz-Target " + quoted(target) +
                                          " names a service this gateway does not emulate");
  }
  if (scope && scope->service != service->name) {
    return unrecognized("the credential scope's service '" + scope->service +
                        "' does not match X-Amz-Target " + quoted(target));
  }
  AwsCall call;
  call.service = std::string(service->name);
  call.protocol = jsonProtocolOf(request.header("content-type")).value_or(service->protocol);
  call.operation = std::string(operation);
  return call;
}

// Which query-protocol service `action` is for, when the credential scope does not say.
Result<std::string> queryService(const http::HttpRequest& request, const QueryParams& params,
                                 std::string_view action) {
  bool sqs = isSqsAction(action);
  bool sns = isSnsAction(action);
  if (sqs != sns) {
    return std::string(sqs ? "sqs" : "sns");
  }
  if (isQueuePath(request.path) || params.has("QueueUrl")) {
    return std::string("sqs");
  }
  if (params.has("TopicArn")) {
    return std::string("sns");
  }
  if (const AwsServiceInfo* service = findServiceByQueryVersion(params.get("Version"))) {
    return std::string(service->name);
  }
  if (sqs) {
    return unrecognized("Action " + quoted(action) +
                        " exists in both SQS and SNS; sign the request or add QueueUrl/TopicArn");
  }
  return makeError(Errc::kNotFound,
                   "Action " + quoted(action) + " is neither an SQS nor an SNS action");
}

Result<AwsCall> classifyQuery(const http::HttpRequest& request, const std::optional<Scope>& scope,
                              QueryParams* params_out) {
  Result<QueryParams> params =
      QueryParams::parse(isFormBody(request) ? request.body : request.query);
  if (!params.ok()) {
    return params.error();
  }
  std::string_view action = params->get("Action");
  if (!isOperationName(action)) {
    return unrecognized(action.empty()
                            ? "query-protocol request without an Action parameter"
                            : "Action " + quoted(action) + " is not a valid action name");
  }
  AwsCall call;
  call.protocol = Protocol::kQuery;
  call.operation = std::string(action);
  if (scope) {
    const AwsServiceInfo* service = findService(scope->service);
    if (service == nullptr) {
      return makeError(Errc::kNotFound, "the credential scope names service '" + scope->service +
                                            "', which this gateway does not emulate");
    }
    call.service = scope->service;
  } else {
    Result<std::string> service = queryService(request, *params, action);
    if (!service.ok()) {
      return service.error();
    }
    call.service = std::move(service).value();
  }
  if (params_out != nullptr) {
    *params_out = std::move(params).value();
  }
  return call;
}

// S3's operation when the SDK did not name it with ?x-id=: from the method and whether the
// path names a bucket and a key. Empty if unsupported.
std::string s3Operation(const http::HttpRequest& request, const QueryParams& query) {
  struct Route {
    std::string_view method;
    int depth;  // 0: service, 1: bucket, 2: object
    std::string_view operation;
  };
  static constexpr Route kRoutes[] = {
      {"GET", 0, "ListBuckets"},     {"PUT", 1, "CreateBucket"}, {"HEAD", 1, "HeadBucket"},
      {"DELETE", 1, "DeleteBucket"}, {"GET", 1, "ListObjects"},  {"PUT", 2, "PutObject"},
      {"GET", 2, "GetObject"},       {"HEAD", 2, "HeadObject"},  {"DELETE", 2, "DeleteObject"},
  };
  std::string_view path = request.path.empty() ? request.path : request.path.substr(1);
  size_t slash = path.find('/');
  int depth = 2;
  if (path.empty()) {
    depth = 0;
  } else if (slash == std::string_view::npos || slash + 1 == path.size()) {
    depth = 1;
  }
  if (depth == 1 && request.method == "GET" && query.get("list-type") == "2") {
    return "ListObjectsV2";
  }
  if (depth == 1 && request.method == "POST" && query.has("delete")) {
    return "DeleteObjects";
  }
  for (const Route& route : kRoutes) {
    if (route.method == request.method && route.depth == depth) {
      return std::string(route.operation);
    }
  }
  return "";
}

Result<AwsCall> classifyLambda(const http::HttpRequest& request,
                               const std::optional<Scope>& scope) {
  std::string_view rest = request.path.substr(kLambdaFunctionsPrefix.size());
  size_t slash = rest.find('/');
  if (request.method != "POST" || slash == std::string_view::npos || slash == 0 ||
      rest.substr(slash) != "/invocations") {
    return makeError(Errc::kNotFound, "only the Lambda Invoke API is emulated (POST " +
                                          std::string(kLambdaFunctionsPrefix) +
                                          "<name>/invocations)");
  }
  if (scope && scope->service != "lambda") {
    return unrecognized("the credential scope's service '" + scope->service +
                        "' does not match the Lambda Invoke path");
  }
  AwsCall call;
  call.service = "lambda";
  call.protocol = Protocol::kRestJson;
  call.operation = "Invoke";
  return call;
}

Result<AwsCall> classifyS3(const http::HttpRequest& request) {
  Result<QueryParams> query = QueryParams::parse(request.query);
  if (!query.ok()) {
    return query.error();
  }
  AwsCall call;
  call.service = "s3";
  call.protocol = Protocol::kRestXml;
  call.operation =
      query->has("x-id") ? std::string(query->get("x-id")) : s3Operation(request, *query);
  if (call.operation.empty()) {
    return makeError(Errc::kNotFound, "unsupported S3 request " + std::string(request.method) +
                                          " " + quoted(request.path));
  }
  return call;
}

// Service, protocol and operation, by what the request looks like.
Result<AwsCall> classifyByShape(const http::HttpRequest& request, const std::optional<Scope>& scope,
                                QueryParams* params) {
  if (request.hasHeader("x-amz-target")) {
    return classifyTarget(request, request.header("x-amz-target"), scope);
  }
  if (isFormBody(request) || urlHasAction(request.query)) {
    return classifyQuery(request, scope, params);
  }
  if (request.path.substr(0, kLambdaFunctionsPrefix.size()) == kLambdaFunctionsPrefix) {
    return classifyLambda(request, scope);
  }
  if (scope && scope->service == "s3") {
    return classifyS3(request);
  }
  if (scope) {
    return makeError(Errc::kNotFound, "no X-Amz-Target header or Action parameter says which " +
                                          scope->service + " operation this is");
  }
  return unrecognized(
      "not an AWS API request: no X-Amz-Target header, no form body with Action=, and no SigV4 "
      "credential scope");
}

}  // namespace

std::string newRequestId() {
  Random& random = Random::local();
  uint64_t high = random.next();
  uint64_t low = random.next();
  high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;    // RFC 4122 variant
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xffff),
                static_cast<unsigned>(high & 0xffff), static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return std::string(buffer, 36);
}

Result<AwsCall> classifyRequest(const http::HttpRequest& request, QueryParams* params) {
  std::optional<Scope> scope = credentialScope(request);
  Result<AwsCall> call = classifyByShape(request, scope, params);
  if (call.ok()) {
    call->region = scope && !scope->region.empty() ? scope->region : std::string(kDefaultRegion);
    call->request_id = newRequestId();
  }
  return call;
}

AwsCall fallbackCall(const http::HttpRequest& request) {
  AwsCall call;
  std::optional<Scope> scope = credentialScope(request);
  if (scope) {
    call.service = scope->service;
    call.region = scope->region;
  } else {
    call.region = std::string(kDefaultRegion);
  }
  if (isFormBody(request)) {
    call.protocol = Protocol::kQuery;
  } else if (std::optional<Protocol> json = jsonProtocolOf(request.header("content-type"))) {
    call.protocol = *json;
  } else if (const AwsServiceInfo* service = findService(call.service)) {
    call.protocol = service->protocol;
  } else {
    call.protocol = Protocol::kJson11;
  }
  call.request_id = newRequestId();
  return call;
}

}  // namespace switchyard::aws
