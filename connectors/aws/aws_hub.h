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

 private:
  friend void answer(std::unique_ptr<AwsReply, AwsReply::DropGuard> reply, AwsResponse response);
  http::HttpResponder responder_;
  LoopThread* origin_;
  AwsCall call_;
  AwsResponse response_;
};
using AwsReplyPtr = std::unique_ptr<AwsReply, AwsReply::DropGuard>;

// Sends `response` to the caller (on the hub thread).
void answer(AwsReplyPtr reply, AwsResponse response);

// One AWS-compatible service (SQS, SNS, ...). All calls happen on the hub thread, which owns the
// service's state.
class AwsService {
 public:
  virtual ~AwsService() = default;
  virtual std::string_view name() const = 0;  // the SigV4 service name: "sqs", "sns"
  // On the hub thread, before any call (restore state, arm timers).
  virtual Status start(AwsHub& hub) = 0;
  virtual void handle(AwsCallContext&& context, AwsReplyPtr reply) = 0;
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
  Status start();
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

 private:
  connectors::ConnectorContext& context_;
  LoopThread thread_{"aws"};
  std::unique_ptr<LoopTimers> timers_;
  std::vector<std::unique_ptr<AwsService>> services_;
  std::map<std::string, std::string, std::less<>> secrets_;  // access key id → secret
  bool started_ = false;
  bool stopped_ = false;
};

// The hub shared by every AWS-style connector of a gateway (created on first use).
std::shared_ptr<AwsHub> awsHub(connectors::ConnectorContext& context);

}  // namespace switchyard::aws
