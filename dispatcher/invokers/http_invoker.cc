#include "dispatcher/invokers/http_invoker.h"

#include "dispatcher/invokers/delivery_request.h"
#include "gateway/core/append_decimal.h"
#include "gateway/core/log.h"

namespace switchyard::dispatcher {
namespace {

// Largest answer kept for a synchronous caller: Lambda's 6 MB synchronous response limit.
constexpr size_t kMaxSyncResponse = 6 * 1024 * 1024;

}  // namespace

HttpInvoker::HttpInvoker(const FunctionSpec* spec, HttpEndpoint endpoint, uv_loop_t* loop,
                         LoopTimers* timers, InvocationSink* sink)
    : spec_(spec), endpoint_(std::move(endpoint)), loop_(loop), timers_(timers), sink_(sink) {}

HttpInvoker::~HttpInvoker() { close(); }

void HttpInvoker::buildRequest(Attempt& attempt) {
  std::string& head = attempt.head;
  head.clear();
  head.append("POST ");
  head.append(endpoint_.path);
  head.append(" HTTP/1.1\r\nHost: ");
  head.append(endpoint_.authority);
  head.append("\r\n");
  attempt.body = renderDeliveryRequest(*attempt.delivery, head, attempt.batch_body);
  head.append("Content-Length: ");
  appendDecimal(head, attempt.body.size());
  head.append("\r\n\r\n");
}

void HttpInvoker::invoke(Delivery* delivery) noexcept {
  Attempt* attempt;
  if (!free_attempts_.empty()) {
    attempt = free_attempts_.back().release();
    free_attempts_.pop_back();
  } else {
    attempt = new Attempt;
    attempt->invoker = this;
    attempt->timeout.setCallback(&HttpInvoker::onTimeout, attempt);
  }
  attempt->delivery = delivery;
  attempt->connection = nullptr;
  attempt->retried_on_fresh_connection = false;
  attempt->started_us = unixMicrosNow();
  active_.push_back(attempt);
  if (closed_) {
    InvocationResult shutdown;
    shutdown.transport = InvocationResult::Transport::kShutdown;
    complete(attempt, std::move(shutdown));
    return;
  }
  buildRequest(*attempt);
  timers_->scheduleAfter(&attempt->timeout, spec_->config.timeout.count());
  if (HttpClientConnection* connection = takeIdle()) {
    sendOn(connection, attempt);
  } else {
    openConnectionFor(attempt);
  }
}

void HttpInvoker::openConnectionFor(Attempt* attempt) {
  auto* connection = new HttpClientConnection(loop_, this);
  connection->user_data = attempt;
  attempt->connection = connection;
  connection->connect(reinterpret_cast<const sockaddr*>(&endpoint_.address));
}

void HttpInvoker::onConnected(HttpClientConnection* connection) noexcept {
  sendOn(connection, static_cast<Attempt*>(connection->user_data));
}

void HttpInvoker::sendOn(HttpClientConnection* connection, Attempt* attempt) {
  connection->user_data = attempt;
  attempt->connection = connection;
  bool full_body = keepsWholeAnswer(*attempt->delivery, *spec_);
  connection->send(attempt->head, attempt->body, full_body, kMaxSyncResponse);
}

void HttpInvoker::onRequestDone(HttpClientConnection* connection, InvocationResult&& result,
                                bool reusable) noexcept {
  auto* attempt = static_cast<Attempt*>(connection->user_data);
  connection->user_data = nullptr;
  if (attempt == nullptr) {
    return;  // the attempt already ended (timeout) and let go of this connection
  }
  attempt->connection = nullptr;
  bool stale_keep_alive = result.transport == InvocationResult::Transport::kConnectionLost &&
                          connection->reused() && !connection->responseStarted();
  if (reusable && !closed_) {
    connection->pool_next = idle_;
    idle_ = connection;
    ++idle_count_;
  }
  if (stale_keep_alive && !attempt->retried_on_fresh_connection && !closed_) {
    // The peer closed this keep-alive connection as we reused it: the function never saw the
    // request. Send it again on a new connection; it is not a new attempt.
    attempt->retried_on_fresh_connection = true;
    openConnectionFor(attempt);
    return;
  }
  complete(attempt, std::move(result));
}

void HttpInvoker::onIdleClosed(HttpClientConnection* connection) noexcept {
  removeIdle(connection);
}

void HttpInvoker::onTimeout(void* context) {
  auto* attempt = static_cast<Attempt*>(context);
  HttpInvoker* self = attempt->invoker;
  if (HttpClientConnection* connection = attempt->connection) {
    connection->user_data = nullptr;
    connection->close();  // a late answer can no longer be matched to its request
    attempt->connection = nullptr;
  }
  InvocationResult result;
  result.transport = InvocationResult::Transport::kTimeout;
  result.detail = "no answer within " + std::to_string(self->spec_->config.timeout.count()) + " ms";
  self->complete(attempt, std::move(result));
}

void HttpInvoker::complete(Attempt* attempt, InvocationResult&& result) {
  timers_->cancel(&attempt->timeout);
  result.latency_us = unixMicrosNow() - attempt->started_us;
  Delivery* delivery = attempt->delivery;
  attempt->delivery = nullptr;
  attempt->body = {};
  for (size_t i = 0; i < active_.size(); ++i) {
    if (active_[i] == attempt) {
      active_[i] = active_.back();
      active_.pop_back();
      break;
    }
  }
  free_attempts_.emplace_back(attempt);
  sink_->onInvocationDone(delivery, std::move(result));
}

HttpClientConnection* HttpInvoker::takeIdle() {
  HttpClientConnection* connection = idle_;
  if (connection != nullptr) {
    idle_ = connection->pool_next;
    connection->pool_next = nullptr;
    --idle_count_;
  }
  return connection;
}

void HttpInvoker::removeIdle(HttpClientConnection* connection) {
  HttpClientConnection** link = &idle_;
  while (*link != nullptr) {
    if (*link == connection) {
      *link = connection->pool_next;
      connection->pool_next = nullptr;
      --idle_count_;
      return;
    }
    link = &(*link)->pool_next;
  }
}

void HttpInvoker::close() noexcept {
  if (closed_) {
    return;
  }
  closed_ = true;
  while (HttpClientConnection* connection = takeIdle()) {
    connection->close();
  }
  while (!active_.empty()) {
    Attempt* attempt = active_.back();
    if (HttpClientConnection* connection = attempt->connection) {
      connection->user_data = nullptr;
      connection->close();
      attempt->connection = nullptr;
    }
    InvocationResult result;
    result.transport = InvocationResult::Transport::kShutdown;
    result.detail = "the gateway stopped during the attempt";
    complete(attempt, std::move(result));
  }
}

}  // namespace switchyard::dispatcher
