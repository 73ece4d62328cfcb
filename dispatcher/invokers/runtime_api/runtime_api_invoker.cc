#include "dispatcher/invokers/runtime_api/runtime_api_invoker.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "dispatcher/render/batch_body.h"
#include "dispatcher/render/destination_record.h"
#include "dispatcher/trace_context.h"
#include "gateway/core/json_writer.h"
#include "gateway/core/log.h"
#include "gateway/core/random.h"
#include "gateway/http/json_response.h"

extern char** environ;

namespace switchyard::dispatcher {
namespace {

constexpr std::string_view kApiRoot = "/2018-06-01/runtime/";
constexpr std::string_view kJson = "application/json";
// How long an invocation may wait for a free runtime (cold starts, restarts) on top of its own
// timeout before it fails.
constexpr int64_t kRuntimeWaitGraceMs = 10'000;

// X-Ray's form of the event's trace: Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=1.
std::string xrayTraceId(const Event& event) {
  std::string traceparent;
  appendTraceparent(traceparent, event);  // 00-<32 hex trace>-<16 hex span>-01
  return "Root=1-" + traceparent.substr(3, 8) + "-" + traceparent.substr(11, 24) +
         ";Parent=" + traceparent.substr(36, 16) + ";Sampled=1";
}

std::string lambdaErrorJson(std::string_view type, std::string_view message) {
  std::string out = R"({"errorMessage":)";
  json::appendString(out, message);
  out.append(R"(,"errorType":)");
  json::appendString(out, type);
  out.push_back('}');
  return out;
}

}  // namespace

struct RuntimeApiInvoker::Invocation {
  RuntimeApiInvoker* owner = nullptr;
  Delivery* delivery = nullptr;
  std::string request_id;
  int instance = -1;  // the runtime working on it, once handed out
  TimerEntry deadline;
  int64_t started_us = 0;
};

struct RuntimeApiInvoker::Endpoint final : http::HttpService {
  RuntimeApiInvoker* owner = nullptr;
  int instance = 0;
  std::unique_ptr<http::HttpListener> listener;
  std::string host;
  uint16_t port = 0;
  void handle(const http::HttpRequest& request, http::HttpResponder responder) noexcept override {
    owner->handle(instance, request, std::move(responder));
  }
};

RuntimeApiInvoker::RuntimeApiInvoker(const FunctionSpec* spec, std::string config_dir,
                                     uv_loop_t* loop, LoopTimers* timers, InvocationSink* sink)
    : spec_(spec), config_dir_(std::move(config_dir)), loop_(loop), timers_(timers), sink_(sink) {}

RuntimeApiInvoker::~RuntimeApiInvoker() {
  close();
  processes_.clear();  // SIGKILLs whatever did not stop on SIGTERM
}

std::string RuntimeApiInvoker::runtimeApiAddress(int instance) const {
  const Endpoint& endpoint = *endpoints_[static_cast<size_t>(instance)];
  return endpoint.host + ":" + std::to_string(endpoint.port);
}

Status RuntimeApiInvoker::start() {
  const config::FunctionConfig& config = spec_->config;
  bool managed_runtimes = !config.command.empty();
  int endpoints = managed_runtimes ? config.instances : 1;
  http::HttpServerOptions options;
  options.name = "runtime-api";
  options.max_body_bytes = kMaxResponseBytes + 64 * 1024;  // room to answer "too large" properly
  options.idle_timeout_ms = 15 * 60 * 1000;                // /next long polls wait for work
  for (int i = 0; i < endpoints; ++i) {
    auto endpoint = std::make_unique<Endpoint>();
    endpoint->owner = this;
    endpoint->instance = i;
    endpoint->host = managed_runtimes ? "127.0.0.1" : config.runtime_api.host;
    endpoint->listener =
        std::make_unique<http::HttpListener>(loop_, timers_, options, endpoint.get());
    Result<uint16_t> port = endpoint->listener->listen(
        endpoint->host, managed_runtimes ? 0 : config.runtime_api.port, false);
    if (!port.ok()) {
      return makeError(Errc::kUnavailable,
                       "functions." + config.name + ".runtime_api: " + port.error().message);
    }
    endpoint->port = *port;
    endpoints_.push_back(std::move(endpoint));
  }
  current_.assign(static_cast<size_t>(endpoints), nullptr);
  if (!managed_runtimes) {
    log::info("runtime", "Runtime API is waiting for runtimes.",
              {{"function", config.name}, {"runtime_api", runtimeApiAddress(0)}});
    return okStatus();
  }

  std::filesystem::path workdir = config.workdir.empty() ? "." : config.workdir;
  if (workdir.is_relative()) {
    workdir = std::filesystem::path(config_dir_) / workdir;
  }
  std::error_code error;
  workdir = std::filesystem::weakly_canonical(workdir, error);
  if (!std::filesystem::is_directory(workdir, error)) {
    return makeError(Errc::kInvalidArgument, "functions." + config.name + ".workdir: \"" +
                                                 workdir.string() + "\" is not a directory");
  }
  for (int i = 0; i < endpoints; ++i) {
    RuntimeProcess::Options process;
    process.function = config.name;
    process.instance = i;
    process.command = config.command;
    process.workdir = workdir.string();
    for (char** entry = environ; *entry != nullptr; ++entry) {
      std::string_view pair = *entry;
      size_t equals = pair.find('=');
      if (equals != std::string_view::npos) {
        process.environment[std::string(pair.substr(0, equals))] =
            std::string(pair.substr(equals + 1));
      }
    }
    // What a Lambda runtime expects (aws-lambda-ric needs all of these, and reads the handler only
    // from _HANDLER), then the function's own env on top.
    auto& env = process.environment;
    env["AWS_LAMBDA_RUNTIME_API"] = runtimeApiAddress(i);
    env["_HANDLER"] = config.handler;
    env["LAMBDA_TASK_ROOT"] = workdir.string();
    env["LAMBDA_RUNTIME_DIR"] = workdir.string();
    env["AWS_LAMBDA_FUNCTION_NAME"] = config.name;
    env["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
    env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = std::to_string(config.memory_mb);
    env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + config.name;
    env["AWS_LAMBDA_LOG_STREAM_NAME"] = "switchyard/[$LATEST]" + std::to_string(i);
    env["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
    env["AWS_REGION"] = "us-east-1";
    env["AWS_DEFAULT_REGION"] = "us-east-1";
    env["AWS_EXECUTION_ENV"] = "AWS_Lambda_switchyard";
    for (const auto& [key, value] : config.env) {
      env[key] = value;
    }
    auto runtime = std::make_unique<RuntimeProcess>(
        loop_, timers_, std::move(process), [this](int instance, int64_t status, int signal) {
          onRuntimeExit(instance, status, signal);
        });
    runtime->start();
    processes_.push_back(std::move(runtime));
  }
  return okStatus();
}

void RuntimeApiInvoker::invoke(Delivery* delivery) noexcept {
  auto* invocation = new Invocation;
  invocation->owner = this;
  invocation->delivery = delivery;
  invocation->started_us = unixMicrosNow();
  invocation->request_id = std::string(delivery->event->idText());
  if (in_flight_.contains(invocation->request_id)) {  // the same event twice at once (replay)
    invocation->request_id = EventId::generate(unixMicrosNow() / 1000).toString();
  }
  invocation->deadline.setCallback(&RuntimeApiInvoker::onDeadline, invocation);
  if (closed_) {
    InvocationResult shutdown;
    shutdown.transport = InvocationResult::Transport::kShutdown;
    complete(invocation, std::move(shutdown));
    return;
  }
  timers_->scheduleAfter(&invocation->deadline,
                         spec_->config.timeout.count() + kRuntimeWaitGraceMs);
  while (!polls_.empty()) {
    Poll poll = std::move(polls_.front());
    polls_.pop_front();
    if (poll.responder.connected()) {
      handOut(poll, invocation);
      return;
    }
  }
  waiting_.push_back(invocation);
}

void RuntimeApiInvoker::handle(int instance, const http::HttpRequest& request,
                               http::HttpResponder responder) {
  size_t root = request.path.find(kApiRoot);
  std::string_view route = root == std::string_view::npos
                               ? std::string_view()
                               : request.path.substr(root + kApiRoot.size());
  if (route == "invocation/next" && request.method == "GET") {
    onNext(instance, std::move(responder));
  } else if (route.starts_with("invocation/") && request.method == "POST" &&
             (route.ends_with("/response") || route.ends_with("/error"))) {
    bool is_error = route.ends_with("/error");
    std::string_view id = route.substr(11, route.size() - 11 - (is_error ? 6 : 9));
    onResult(instance, id, is_error, request, std::move(responder));
  } else if (route == "init/error" && request.method == "POST") {
    onInitError(instance, request, std::move(responder));
  } else {
    responder.respond(
        404, kJson,
        lambdaErrorJson("InvalidRequest", "unknown Runtime API path " + std::string(request.path)));
  }
}

void RuntimeApiInvoker::onNext(int instance, http::HttpResponder responder) {
  if (closed_) {
    responder.respond(410, kJson, lambdaErrorJson("Runtime.Shutdown", "the gateway is stopping"));
    return;
  }
  Poll poll{instance, std::move(responder)};
  if (!waiting_.empty()) {
    Invocation* invocation = waiting_.front();
    waiting_.pop_front();
    handOut(poll, invocation);
    return;
  }
  polls_.push_back(std::move(poll));  // long poll: answered when work arrives
}

void RuntimeApiInvoker::handOut(Poll& poll, Invocation* invocation) {
  const Event& event = *invocation->delivery->event;
  std::string unused_headers;
  std::string batch_body;  // respond() copies the body out before this returns
  RenderedEvent rendered = renderDeliveryBody(*invocation->delivery, unused_headers, batch_body);
  int64_t timeout_ms = spec_->config.timeout.count();
  std::string deadline = std::to_string(unixMicrosNow() / 1000 + timeout_ms);
  std::string arn = functionArn(spec_->config.name);
  std::string trace = xrayTraceId(event);
  std::string_view client_context = event.findAttribute("lambda.client_context");
  http::HttpHeader headers[] = {
      {"Content-Type", kJson},  // aws-lambda-ric crashes without it
      {"Lambda-Runtime-Aws-Request-Id", invocation->request_id},
      {"Lambda-Runtime-Deadline-Ms", deadline},
      {"Lambda-Runtime-Invoked-Function-Arn", arn},
      {"Lambda-Runtime-Trace-Id", trace},
      {"Lambda-Runtime-Client-Context", client_context},
  };
  poll.responder.respond(200, std::span(headers, client_context.empty() ? 5 : 6), rendered.body);
  invocation->instance = poll.instance;
  current_[static_cast<size_t>(poll.instance)] = invocation;
  if (managed()) {
    processes_[static_cast<size_t>(poll.instance)]->setRequestId(invocation->request_id);
  }
  in_flight_.emplace(invocation->request_id, invocation);
  timers_->scheduleAfter(&invocation->deadline, timeout_ms);  // Lambda's clock starts now
}

void RuntimeApiInvoker::onResult(int /*instance*/, std::string_view request_id, bool is_error,
                                 const http::HttpRequest& request, http::HttpResponder responder) {
  auto found = in_flight_.find(request_id);
  if (found == in_flight_.end()) {
    // Unknown, finished or timed out: Lambda answers the same way.
    responder.respond(400, kJson,
                      lambdaErrorJson("InvalidRequestID",
                                      "Invalid request ID: \"" + std::string(request_id) + "\""));
    return;
  }
  Invocation* invocation = found->second;
  InvocationResult result;
  result.transport = InvocationResult::Transport::kResponse;
  result.status = 200;
  result.content_type = std::string(kJson);  // Lambda answers JSON whatever the runtime sent
  if (!is_error && request.body.size() > kMaxResponseBytes) {
    std::string message = "Response payload size (" + std::to_string(request.body.size()) +
                          " bytes) exceeded maximum allowed payload size (" +
                          std::to_string(kMaxResponseBytes) + " bytes).";
    responder.respond(413, kJson, lambdaErrorJson("RequestEntityTooLarge", message));
    result.function_error = "Unhandled";
    result.body = lambdaErrorJson("Function.ResponseSizeTooLarge", message);
    result.content_type = kJson;
    complete(invocation, std::move(result));
    return;
  }
  if (is_error) {
    result.function_error = "Unhandled";
    std::string_view type = request.header("lambda-runtime-function-error-type");
    // The error document is the body; without one Lambda builds it from the header.
    result.body = !request.body.empty() ? std::string(request.body)
                                        : lambdaErrorJson(type.empty() ? "Unknown" : type,
                                                          "the runtime reported an error");
    result.content_type = kJson;
  } else {
    result.body = std::string(request.body);
  }
  responder.respond(202, kJson, R"({"status":"OK"})");
  complete(invocation, std::move(result));
}

void RuntimeApiInvoker::onInitError(int instance, const http::HttpRequest& request,
                                    http::HttpResponder responder) {
  log::error("runtime", "The function's runtime failed to initialize.",
             {{"function", spec_->config.name},
              {"instance", instance},
              {"error_type", request.header("lambda-runtime-function-error-type")},
              {"error", request.body.substr(0, 500)}});
  responder.respond(202, kJson, R"({"status":"OK"})");
  // A managed runtime usually exits next and is restarted with backoff; invocations wait for it
  // until their deadline.
}

void RuntimeApiInvoker::onDeadline(void* context) {
  auto* invocation = static_cast<Invocation*>(context);
  RuntimeApiInvoker* self = invocation->owner;
  InvocationResult result;
  if (invocation->instance < 0) {
    // No runtime asked for work in time: they are crashing, failing to initialize, or busy.
    self->waiting_.erase(std::find(self->waiting_.begin(), self->waiting_.end(), invocation));
    std::string message =
        "no runtime took the invocation within " +
        std::to_string(self->spec_->config.timeout.count() + kRuntimeWaitGraceMs) + " ms" +
        (self->last_exit_.empty() ? "" : " (" + self->last_exit_ + ")");
    result.transport = InvocationResult::Transport::kResponse;
    result.status = 200;
    result.function_error = "Unhandled";
    result.body = lambdaErrorJson("Runtime.Unavailable", message);
    result.content_type = kJson;
    self->complete(invocation, std::move(result));
    return;
  }
  result.transport = InvocationResult::Transport::kTimeout;
  int instance = invocation->instance;
  result.detail =
      "Task timed out after " + std::to_string(self->spec_->config.timeout.count()) + " ms";
  self->complete(invocation, std::move(result));
  if (self->managed()) {
    // Lambda's rule: a timed-out sandbox is not reused. Kill it; it restarts clean.
    log::warn("runtime", "Invocation timed out; replacing its runtime.",
              {{"function", self->spec_->config.name}, {"instance", instance}});
    self->processes_[static_cast<size_t>(instance)]->kill();
  }
}

void RuntimeApiInvoker::onRuntimeExit(int instance, int64_t status, int signal) {
  last_exit_ = "last runtime exit: " + (signal != 0 ? "signal " + std::to_string(signal)
                                                    : "exit status " + std::to_string(status));
  Invocation* invocation = current_[static_cast<size_t>(instance)];
  if (invocation == nullptr) {
    return;
  }
  std::string message =
      "RequestId: " + invocation->request_id + " Error: Runtime exited with error: " +
      (signal != 0 ? "signal " + std::to_string(signal) : "exit status " + std::to_string(status));
  InvocationResult result;
  result.transport = InvocationResult::Transport::kResponse;
  result.status = 200;
  result.function_error = "Unhandled";
  result.body = lambdaErrorJson("Runtime.ExitError", message);
  result.content_type = kJson;
  complete(invocation, std::move(result));
}

void RuntimeApiInvoker::complete(Invocation* invocation, InvocationResult&& result) {
  timers_->cancel(&invocation->deadline);
  if (invocation->instance >= 0) {
    in_flight_.erase(invocation->request_id);
    Invocation*& current = current_[static_cast<size_t>(invocation->instance)];
    if (current == invocation) {
      current = nullptr;
    }
  }
  result.latency_us = unixMicrosNow() - invocation->started_us;
  Delivery* delivery = invocation->delivery;
  delete invocation;
  sink_->onInvocationDone(delivery, std::move(result));
}

void RuntimeApiInvoker::close() noexcept {
  if (closed_) {
    return;
  }
  closed_ = true;
  for (auto& process : processes_) {
    process->stop();
  }
  for (Poll& poll : polls_) {
    poll.responder.respond(410, kJson,
                           lambdaErrorJson("Runtime.Shutdown", "the gateway is stopping"));
  }
  polls_.clear();
  for (auto& endpoint : endpoints_) {
    endpoint->listener->close();
  }
  auto fail = [this](Invocation* invocation) {
    InvocationResult shutdown;
    shutdown.transport = InvocationResult::Transport::kShutdown;
    shutdown.detail = "the gateway stopped during the invocation";
    complete(invocation, std::move(shutdown));
  };
  while (!waiting_.empty()) {
    Invocation* invocation = waiting_.front();
    waiting_.pop_front();
    fail(invocation);
  }
  while (!in_flight_.empty()) {
    fail(in_flight_.begin()->second);
  }
}

}  // namespace switchyard::dispatcher
