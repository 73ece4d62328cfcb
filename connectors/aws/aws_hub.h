#pragma once

#include <uv.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/aws/aws_request.h"
#include "connectors/aws/aws_response.h"
#include "connectors/aws/query_params.h"
#include "connectors/connector.h"
#include "dispatcher/inbox.h"
#include "gateway/config/config.h"
#include "gateway/core/loop_thread.h"
#include "gateway/core/loop_timers.h"
#include "gateway/http/http_routes.h"

namespace switchyard::dispatcher {
class Dispatcher;
}

namespace switchyard::aws {

class AwsHub;
class AwsPersistence;
class AnswerGate;

// One AWS API call handed to its service on the hub thread: a copy of what the request said
// (the shard's views die with the HTTP handler) and the way back to the caller.
struct AwsCallContext {
  AwsCall call;
  QueryParams params;  // query protocol: the decoded parameters
  std::string host;    // the Host header (queue URLs are built from it)
  std::string path;
  std::string body;
};

// Where a service's answer goes: back to the shard that holds the connection. The response is
// written on the caller's loop; the object travels there itself and is freed there, so it is
// never destroyed on the hub thread (the responder belongs to the caller's loop).
class AwsReply final : public dispatcher::InboxNode {
 public:
  // A reply a service drops unanswered (a bug) still answers: 500 InternalFailure.
  struct DropGuard {
    void operator()(AwsReply* reply) const noexcept;
  };

  AwsReply(http::HttpResponder responder, LoopThread* origin, AwsCall call)
      : responder_(std::move(responder)), origin_(origin), call_(std::move(call)) {}
  void run() noexcept override;

  const AwsCall& call() const { return call_; }
  // Hub thread: a successful answer to this call waits at `gate` (see answer()).
  void holdSuccessAt(AnswerGate* gate) { gate_ = gate; }

 private:
  friend void answer(std::unique_ptr<AwsReply, AwsReply::DropGuard> reply, AwsResponse response);
  friend void sendHeld(std::unique_ptr<AwsReply, AwsReply::DropGuard> reply);
  http::HttpResponder responder_;
  LoopThread* origin_;
  AwsCall call_;
  AwsResponse response_;
  AnswerGate* gate_ = nullptr;
};
using AwsReplyPtr = std::unique_ptr<AwsReply, AwsReply::DropGuard>;

// Sends `response` to the caller (on the hub thread). A successful (2xx) answer to a call marked
// with holdSuccessAt() goes to its gate instead, which sends it once what the call changed is
// durable; errors go at once (they promise nothing).
void answer(AwsReplyPtr reply, AwsResponse response);
// Sends a reply a gate held, with the response answer() gave it. Any thread.
void sendHeld(AwsReplyPtr reply);

// Where answers wait for durability (AwsPersistence): hold() takes a reply whose response is set
// and sends it later with sendHeld(), or answers it with an error if the write failed.
//
// NOTE: hub thread.
class AnswerGate {
 public:
  virtual ~AnswerGate() = default;
  virtual void hold(AwsReplyPtr reply) = 0;
};

// One AWS-compatible service (SQS, SNS, ...). All calls happen on the hub thread, which owns the
// service's state.
class AwsService {
 public:
  virtual ~AwsService() = default;
  virtual std::string_view name() const = 0;  // the SigV4 service name: "sqs", "sns"
  // On the hub thread, before any call (restore state, arm timers).
  virtual Status start(AwsHub& hub) = 0;
  virtual void handle(AwsCallContext&& context, AwsReplyPtr reply) = 0;
  // Whether a successful answer to `operation` tells the client its change is kept (SendMessage,
  // CreateQueue, Publish, ...): with a state store, the answer waits until the change is
  // committed. Calls a client recovers from losing (ReceiveMessage, DeleteMessage) say false.
  virtual bool acknowledgesAfterCommit(std::string_view /*operation*/) const { return false; }
  // On the hub thread when the gateway stops: close timers, flush state.
  virtual void stop() = 0;
};

// The AWS-compatible APIs on the main listener: routes requests (POST /, and the query
// protocol's /ACCOUNT/QUEUE paths), checks SigV4 signatures when credentials are configured,
// and runs the services on one thread of their own, which owns their state (queues, topics).
//
// NOTE: created on the control thread; handle() runs on the shards; services on the hub thread.
class AwsHub final : public http::HttpRouteHandler {
 public:
  explicit AwsHub(connectors::ConnectorContext& context);
  ~AwsHub() override;

  // Control thread, at start-up: registered services start with the hub.
  void addService(std::unique_ptr<AwsService> service);
  // Opens the state store (store.aws: sqlite) and starts the hub thread, whose services restore
  // their state from it before the first request.
  Status start();
  // Stops the hub thread, then writes what the store has pending and answers the calls that
  // waited for it.
  void stop();

  void handle(const http::HttpRequest& request, std::string_view rest,
              http::HttpResponder responder) noexcept override;

  // For services (hub thread).
  AwsService* service(std::string_view name);
  const config::Config& config() const { return context_.config(); }
  dispatcher::Dispatcher& dispatcher() { return context_.dispatcher(); }
  uv_loop_t* loop() { return thread_.loop(); }
  LoopTimers& timers() { return *timers_; }
  int64_t nowMillis() const;
  void post(std::function<void()> task) { thread_.post(std::move(task)); }
  bool onHubThread() const { return thread_.isCurrentThread(); }
  // The state store's hub-thread side (restored state, the engines' observer); nullptr with
  // store.aws: memory.
  AwsPersistence* persistence() { return persistence_.get(); }

 private:
  void exportStoreMetrics();

  connectors::ConnectorContext& context_;
  LoopThread thread_{"aws"};
  std::unique_ptr<LoopTimers> timers_;
  std::vector<std::unique_ptr<AwsService>> services_;
  std::unique_ptr<AwsPersistence> persistence_;              // set before the hub thread starts
  std::map<std::string, std::string, std::less<>> secrets_;  // access key id → secret
  bool started_ = false;
  bool stopped_ = false;
};

// The hub shared by every AWS-style connector of a gateway (created on first use).
std::shared_ptr<AwsHub> awsHub(connectors::ConnectorContext& context);

}  // namespace switchyard::aws
