#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dispatcher/function_spec.h"
#include "dispatcher/invokers/http_client_connection.h"
#include "dispatcher/invokers/http_endpoint.h"
#include "dispatcher/invokers/invoker.h"
#include "gateway/core/loop_timers.h"

namespace switchyard::dispatcher {

// Delivers to an http:// endpoint (function kinds `http` and `lambda`, the RIE invoke path) over
// a pool of keep-alive connections owned by the home shard. Each attempt carries the event id,
// its attempt number and a W3C traceparent, so a handler can tell a retry from a first try.
//
// NOTE: thread-confined to the home shard.
class HttpInvoker final : public Invoker, private HttpClientConnection::Owner {
 public:
  HttpInvoker(const FunctionSpec* spec, HttpEndpoint endpoint, uv_loop_t* loop, LoopTimers* timers,
              InvocationSink* sink);
  ~HttpInvoker() override;

  void invoke(Delivery* delivery) noexcept override;
  void close() noexcept override;

  size_t idleConnections() const { return idle_count_; }

 private:
  // One attempt in progress; recycled, so steady state allocates nothing per event.
  struct Attempt {
    HttpInvoker* invoker = nullptr;
    Delivery* delivery = nullptr;
    HttpClientConnection* connection = nullptr;
    std::string head;
    std::string batch_body;  // a batch's combined body (single deliveries point at the event)
    std::string_view body;
    TimerEntry timeout;
    int64_t started_us = 0;
    bool retried_on_fresh_connection = false;
  };

  void onConnected(HttpClientConnection* connection) noexcept override;
  void onRequestDone(HttpClientConnection* connection, InvocationResult&& result,
                     bool reusable) noexcept override;
  void onIdleClosed(HttpClientConnection* connection) noexcept override;
  static void onTimeout(void* context);

  void buildRequest(Attempt& attempt);
  void sendOn(HttpClientConnection* connection, Attempt* attempt);
  void openConnectionFor(Attempt* attempt);
  void complete(Attempt* attempt, InvocationResult&& result);
  HttpClientConnection* takeIdle();
  void removeIdle(HttpClientConnection* connection);

  const FunctionSpec* spec_;
  HttpEndpoint endpoint_;
  uv_loop_t* loop_;
  LoopTimers* timers_;
  InvocationSink* sink_;
  bool closed_ = false;
  HttpClientConnection* idle_ = nullptr;  // LIFO: the warmest connection first
  size_t idle_count_ = 0;
  std::vector<Attempt*> active_;  // for close()
  std::vector<std::unique_ptr<Attempt>> free_attempts_;
};

}  // namespace switchyard::dispatcher
