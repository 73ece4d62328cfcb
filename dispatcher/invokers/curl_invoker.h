#pragma once

#include <curl/curl.h>
#include <uv.h>

#include <string>
#include <vector>

#include "dispatcher/function_spec.h"
#include "dispatcher/invokers/invoker.h"

namespace switchyard::dispatcher {

// Delivers through libcurl's multi interface driven by the home shard's loop (curl's sockets are
// watched with uv_poll, its timeouts with one uv timer; no thread of its own). Used for https://
// endpoints, and for http:// ones with `client: curl`. The lean HttpInvoker is the default for
// http:// because it costs less CPU per delivery (docs/ARCHITECTURE.md has the measurement).
//
// NOTE: thread-confined to the home shard.
class CurlInvoker final : public Invoker {
 public:
  CurlInvoker(const FunctionSpec* spec, std::string url, uv_loop_t* loop, InvocationSink* sink);
  ~CurlInvoker() override;

  void invoke(Delivery* delivery) noexcept override;
  void close() noexcept override;

 private:
  struct Transfer;
  struct Socket;

  static int onSocket(CURL* easy, curl_socket_t fd, int what, void* user, void* socket_data);
  static int onCurlTimer(CURLM* multi, long timeout_ms, void* user);
  static void onPoll(uv_poll_t* poll, int status, int events);
  static void onTimer(uv_timer_t* timer);
  static size_t onBody(char* data, size_t size, size_t count, void* user);
  static size_t onHeader(char* data, size_t size, size_t count, void* user);

  void drive(curl_socket_t fd, int flags);
  void collectFinished();
  void finish(Transfer* transfer, InvocationResult&& result);

  const FunctionSpec* spec_;
  std::string url_;
  uv_loop_t* loop_;
  InvocationSink* sink_;
  CURLM* multi_ = nullptr;
  uv_timer_t* timer_ = nullptr;
  bool closed_ = false;
  std::vector<Transfer*> active_;
  std::vector<Transfer*> idle_;  // easy handles kept for reuse
};

// Once per process, before any thread uses libcurl.
void initCurlOnce();

}  // namespace switchyard::dispatcher
