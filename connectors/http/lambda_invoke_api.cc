#include "connectors/http/lambda_invoke_api.h"

#include <memory>

#include "connectors/http/request_event.h"
#include "dispatcher/dispatcher.h"
#include "dispatcher/outcome.h"
#include "dispatcher/router/json_check.h"
#include "gateway/config/config.h"
#include "gateway/core/json_writer.h"
#include "gateway/core/loop_thread.h"
#include "gateway/http/bearer_auth.h"
#include "gateway/http/url_decode.h"

namespace switchyard::connectors {
namespace {

constexpr std::string_view kSuffix = "/invocations";

// Lambda's error answer: the type in x-amzn-ErrorType (what the SDKs read) and in the body.
void respondLambdaError(http::HttpResponder& responder, int status, std::string_view type,
                        std::string_view message, std::string_view request_id = {}) {
  std::string body = R"({"Type":"User","message":)";
  json::appendString(body, message);
  body.append(R"(,"__type":)");
  json::appendString(body, type);
  body.push_back('}');
  http::HttpHeader headers[] = {{"x-amzn-ErrorType", type},
                                {"Content-Type", "application/json"},
                                {"x-amzn-RequestId", request_id}};
  responder.respond(status, std::span(headers, request_id.empty() ? 2 : 3), body);
}

std::string functionArn(std::string_view name) {
  return "arn:aws:lambda:us-east-1:000000000000:function:" + std::string(name);
}

// Answers a RequestResponse invoke on the shard that holds the caller's connection. The result
// is produced on the function's home shard and posted here; this object is its own inbox node.
class SyncInvocation final : public dispatcher::SyncReply, public dispatcher::InboxNode {
 public:
  SyncInvocation(http::HttpResponder responder, LoopThread* origin, std::string request_id,
                 int64_t timeout_ms)
      : responder_(std::move(responder)),
        origin_(origin),
        request_id_(std::move(request_id)),
        timeout_ms_(timeout_ms) {}

  // Home shard: keep the result, hop back to the caller's shard.
  void complete(dispatcher::InvocationResult&& result) noexcept override {
    result_ = std::move(result);
    origin_->post(static_cast<dispatcher::InboxNode*>(this));
  }

  // Caller's shard. complete() consumed us: we free ourselves here.
  void run() noexcept override {
    answer();
    delete this;
  }

  // Admission failed: the caller answers directly.
  http::HttpResponder takeResponder() { return std::move(responder_); }

 private:
  void answer() {
    using Transport = dispatcher::InvocationResult::Transport;
    std::string_view id = request_id_;
    switch (result_.transport) {
      case Transport::kResponse:
        break;
      case Transport::kTimeout: {
        std::string body = R"({"errorMessage":)";
        json::appendString(body, request_id_ + " Task timed out after " +
                                     std::to_string(timeout_ms_ / 1000.0).substr(0, 4) +
                                     " seconds");
        body.append(R"(,"errorType":"Sandbox.Timedout"})");
        http::HttpHeader headers[] = {{"X-Amz-Function-Error", "Unhandled"},
                                      {"Content-Type", "application/json"},
                                      {"x-amzn-RequestId", id},
                                      {"X-Amz-Executed-Version", "$LATEST"}};
        responder_.respond(200, headers, body);
        return;
      }
      case Transport::kShutdown:
        respondLambdaError(responder_, 503, "ServiceException",
                           "the gateway is shutting down: " + result_.detail, id);
        return;
      default:
        respondLambdaError(responder_, 502, "ServiceException",
                           std::string("the function could not be reached (") +
                               dispatcher::transportName(result_.transport) +
                               "): " + result_.detail,
                           id);
        return;
    }
    bool failed = dispatcher::classify(result_) != dispatcher::Outcome::kSuccess;
    std::string_view function_error = result_.function_error;
    if (failed && function_error.empty()) {
      function_error = "Unhandled";
    }
    http::HttpHeader headers[5] = {{"x-amzn-RequestId", id}, {"X-Amz-Executed-Version", "$LATEST"}};
    size_t count = 2;
    headers[count++] = {"Content-Type", result_.content_type.empty()
                                            ? std::string_view("application/json")
                                            : std::string_view(result_.content_type)};
    if (failed) {
      headers[count++] = {"X-Amz-Function-Error", function_error};
    }
    responder_.respond(result_.status, std::span(headers, count), result_.body);
  }

  http::HttpResponder responder_;
  LoopThread* origin_;
  std::string request_id_;
  int64_t timeout_ms_;
  dispatcher::InvocationResult result_;
};

}  // namespace

LambdaInvokeApi::LambdaInvokeApi(ConnectorContext& context)
    : context_(context), ingest_token_(context.config().server.ingest_token) {}

std::string_view LambdaInvokeApi::functionNameFrom(std::string_view identifier) {
  std::string_view name = identifier;
  if (name.starts_with("arn:")) {
    // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
    size_t marker = name.find(":function:");
    if (marker == std::string_view::npos) {
      return {};
    }
    name = name.substr(marker + 10);
  } else if (size_t marker = name.find(":function:"); marker != std::string_view::npos) {
    name = name.substr(marker + 10);  // ACCOUNT:function:NAME
  }
  name = name.substr(0, name.find(':'));  // drop the qualifier
  return name;
}

void LambdaInvokeApi::handle(const http::HttpRequest& request, std::string_view rest,
                             http::HttpResponder responder) noexcept {
  if (!rest.ends_with(kSuffix) || request.method != "POST") {
    respondLambdaError(responder, 404, "UnknownOperationException",
                       "expected POST /2015-03-31/functions/{FunctionName}/invocations");
    return;
  }
  if (!http::bearerAuthorized(request, ingest_token_)) {
    respondLambdaError(responder, 401, "UnrecognizedClientException",
                       "this endpoint needs a bearer token");
    return;
  }
  std::string_view identifier = rest.substr(0, rest.size() - kSuffix.size());
  std::string decoded;
  if (!http::percentDecode(identifier, &decoded)) {  // SDKs percent-encode the colons of ARNs
    respondLambdaError(responder, 400, "InvalidParameterValueException",
                       "the function name has a malformed %-escape");
    return;
  }
  identifier = decoded;
  std::string_view name = functionNameFrom(identifier);
  dispatcher::Dispatcher& dispatcher = context_.dispatcher();
  const dispatcher::FunctionSpec* function = name.empty() ? nullptr : dispatcher.findFunction(name);
  if (function == nullptr) {
    respondLambdaError(responder, 404, "ResourceNotFoundException",
                       "Function not found: " + functionArn(name.empty() ? identifier : name));
    return;
  }

  std::string_view type = request.header("x-amz-invocation-type");
  if (type.empty()) {
    type = "RequestResponse";
  }
  bool sync = type == "RequestResponse";
  if (!sync && type != "Event" && type != "DryRun") {
    respondLambdaError(responder, 400, "InvalidParameterValueException",
                       "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun, got \"" +
                           std::string(type) + "\"");
    return;
  }
  if (type == "DryRun") {
    responder.respond(204, std::string_view{}, std::string_view{});
    return;
  }
  size_t limit = sync ? kMaxSyncPayload : kMaxAsyncPayload;
  if (request.body.size() > limit) {
    respondLambdaError(responder, 413, "RequestTooLargeException",
                       "Request must be smaller than " + std::to_string(limit) + " bytes for the " +
                           std::string(type) + " invocation type");
    return;
  }

  // X-Amz-Client-Context (base64 JSON) reaches the runtime as Lambda-Runtime-Client-Context.
  std::string client_context;
  std::string_view encoded_context = request.header("x-amz-client-context");
  if (!encoded_context.empty() && !json::decodeBase64(encoded_context, &client_context)) {
    respondLambdaError(responder, 400, "InvalidRequestContentException",
                       "X-Amz-Client-Context must be base64");
    return;
  }
  EventAttribute context_attribute[] = {{"lambda.client_context", client_context}};
  EventRef event =
      eventFromRequest(request, EventKind::kInvoke, name, false,
                       client_context.empty() ? std::span<const EventAttribute>()
                                              : std::span<const EventAttribute>(context_attribute));
  if (!event->payload().empty()) {
    Status json = router::checkJson(event->payload());
    if (!json.ok()) {
      respondLambdaError(responder, 400, "InvalidRequestContentException",
                         "Could not parse request body into json: " + json.error().message);
      return;
    }
  }

  std::string request_id(event->idText());
  std::unique_ptr<dispatcher::SyncReply> reply;
  SyncInvocation* invocation = nullptr;
  if (sync) {
    auto owned = std::make_unique<SyncInvocation>(std::move(responder), LoopThread::current(),
                                                  request_id, function->config.timeout.count());
    invocation = owned.get();
    reply = std::move(owned);
  }
  dispatcher::AdmitResult admitted =
      dispatcher.invoke(function->id, event, EventFormat::kRaw, reply);
  switch (admitted.status) {
    case dispatcher::AdmitStatus::kAccepted: {
      if (!sync) {
        http::HttpHeader headers[] = {{"x-amzn-RequestId", request_id}};
        responder.respond(202, headers, std::string_view{});
      }
      return;  // sync: SyncInvocation answers
    }
    case dispatcher::AdmitStatus::kQueueFull:
    case dispatcher::AdmitStatus::kShuttingDown:
    case dispatcher::AdmitStatus::kFiltered:
    case dispatcher::AdmitStatus::kNotJson:
      break;
  }
  // Not admitted: for sync, the reply (and the responder inside it) came back unused.
  if (invocation != nullptr) {
    responder = invocation->takeResponder();
  }
  respondLambdaError(
      responder, admitted.status == dispatcher::AdmitStatus::kShuttingDown ? 503 : 429,
      admitted.status == dispatcher::AdmitStatus::kShuttingDown ? "ServiceException"
                                                                : "TooManyRequestsException",
      "Rate Exceeded.", request_id);
}

}  // namespace switchyard::connectors
