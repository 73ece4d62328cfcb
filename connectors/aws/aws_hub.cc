#include "connectors/aws/aws_hub.h"

#include <chrono>
#include <future>
#include <utility>

#include "connectors/aws/sigv4.h"
#include "connectors/aws/store/aws_persistence.h"
#include "gateway/core/assert.h"
#include "gateway/core/log.h"

namespace switchyard::aws {

void answer(AwsReplyPtr reply, AwsResponse response) {
  reply->response_ = std::move(response);
  if (AnswerGate* gate = std::exchange(reply->gate_, nullptr);
      gate != nullptr && reply->response_.status < 300) {
    gate->hold(std::move(reply));
    return;
  }
  sendHeld(std::move(reply));
}

void sendHeld(AwsReplyPtr reply) {
  AwsReply* raw = reply.release();
  raw->origin_->post(raw);  // travels to the caller's loop; freed in run()
}

void AwsReply::DropGuard::operator()(AwsReply* reply) const noexcept {
  SY_BUG_IF(true, "an AWS call was dropped without an answer");
  answer(AwsReplyPtr(reply), awsError(reply->call_, 500, "InternalFailure",
                                      "the request was dropped without an answer"));
}

void AwsReply::run() noexcept {
  respond(responder_, response_);
  delete this;
}

std::shared_ptr<AwsHub> awsHub(connectors::ConnectorContext& context) {
  return context.shared<AwsHub>("aws-hub");
}

AwsHub::AwsHub(connectors::ConnectorContext& context)
    : context_(context), timers_(std::make_unique<LoopTimers>(thread_.loop())) {
  for (const config::AwsCredential& credential : context.config().aws.credentials) {
    secrets_[credential.access_key_id] = credential.secret_access_key;
  }
  // POST / (JSON and query protocols) and /ACCOUNT/QUEUE (older SQS query clients).
  context.httpRoutes().add("/", this, true);
  context.httpRoutes().add("/" + context.config().aws.account + "/", this);
}

AwsHub::~AwsHub() { stop(); }

void AwsHub::addService(std::unique_ptr<AwsService> service) {
  services_.push_back(std::move(service));
}

AwsService* AwsHub::service(std::string_view name) {
  for (auto& service : services_) {
    if (service->name() == name) {
      return service.get();
    }
  }
  return nullptr;
}

int64_t AwsHub::nowMillis() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status AwsHub::start() {
  if (started_) {
    return okStatus();
  }
  started_ = true;
  const config::StoreConfig& store = context_.config().store;
  if (store.aws == config::AwsStoreKind::kSqlite) {
    // Read on this (control) thread before the hub runs; the store thread owns it afterwards.
    Result<std::unique_ptr<AwsPersistence>> opened = AwsPersistence::open(
        store.data_dir, nowMillis(), [this](std::function<void()> task) { post(std::move(task)); });
    if (!opened.ok()) {
      return makeError(opened.error().code, "store.aws: " + opened.error().message);
    }
    persistence_ = std::move(opened).value();
    exportStoreMetrics();
  }
  // Services restore their state on the hub thread; start-up waits for them so that a failure
  // (an unreadable store) stops the gateway from starting.
  std::promise<Status> started;
  std::future<Status> result = started.get_future();
  thread_.start([this, &started] {
    for (auto& service : services_) {
      if (Status status = service->start(*this); !status.ok()) {
        started.set_value(status);
        return;
      }
    }
    started.set_value(okStatus());
  });
  return result.get();
}

void AwsHub::exportStoreMetrics() {
  const AwsStoreWriter* writer = &persistence_->writer();  // lives as long as the hub
  auto as_double = [](uint64_t value) { return static_cast<double>(value); };
  context_.exportMetric({"switchyard_aws_store_commits_total", "counter",
                         "Transactions the AWS state store committed (each holds a batch of "
                         "changes).",
                         [writer, as_double] { return as_double(writer->commits()); }});
  context_.exportMetric({"switchyard_aws_store_changes_committed_total", "counter",
                         "SQS and SNS state changes committed to the AWS state store.",
                         [writer, as_double] { return as_double(writer->committedThrough()); }});
  context_.exportMetric({"switchyard_aws_store_write_errors_total", "counter",
                         "Failed commits of the AWS state store (retried; calls waiting for "
                         "them were answered ServiceUnavailable).",
                         [writer, as_double] { return as_double(writer->writeErrors()); }});
  context_.exportMetric({"switchyard_aws_store_pending_changes", "gauge",
                         "SQS and SNS state changes not committed yet.",
                         [writer, as_double] { return as_double(writer->pendingChanges()); }});
}

void AwsHub::stop() {
  if (!started_ || stopped_) {
    return;
  }
  stopped_ = true;
  thread_.stop([this] {
    for (auto& service : services_) {
      service->stop();
    }
    timers_->close();
    if (persistence_) {
      persistence_->hubStopping();
    }
  });
  thread_.join();
  if (persistence_) {
    persistence_->stop();
  }
}

void AwsHub::handle(const http::HttpRequest& request, std::string_view /*rest*/,
                    http::HttpResponder responder) noexcept {
  AwsCallContext context;
  Result<AwsCall> call = classifyRequest(request, &context.params);
  if (!call.ok()) {
    AwsResponse refused = unrecognizedRequest(request, call.error());
    respond(responder, refused);
    return;
  }
  context.call = std::move(call).value();
  SecretKeyLookup lookup;
  if (!secrets_.empty()) {
    lookup = [this](std::string_view access_key_id) -> std::optional<std::string> {
      auto it = secrets_.find(access_key_id);  // immutable after start: safe from any shard
      return it == secrets_.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
  }
  SigV4Verification verified =
      verifySignature(request, lookup,
                      std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count());
  if (!verified.ok()) {
    AwsResponse refused = authError(context.call, *verified.error);
    respond(responder, refused);
    return;
  }
  AwsService* target = nullptr;
  for (auto& service : services_) {  // the list is fixed once the gateway runs
    if (service->name() == context.call.service) {
      target = service.get();
    }
  }
  if (target == nullptr) {
    AwsResponse refused =
        awsError(context.call, 400, "UnknownOperationException",
                 "Switchyard does not serve the " + context.call.service + " API in this build");
    respond(responder, refused);
    return;
  }
  context.host = std::string(request.header("host"));
  context.path = std::string(request.path);
  context.body = std::string(request.body);
  auto* reply = new AwsReply(std::move(responder), LoopThread::current(), context.call);
  auto shared_context = std::make_shared<AwsCallContext>(std::move(context));
  thread_.post([this, target, shared_context, reply] {
    if (persistence_ && target->acknowledgesAfterCommit(shared_context->call.operation)) {
      reply->holdSuccessAt(persistence_.get());
    }
    target->handle(std::move(*shared_context), AwsReplyPtr(reply));
  });
}

}  // namespace switchyard::aws
