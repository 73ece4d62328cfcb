#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "dispatcher/function_spec.h"
#include "dispatcher/invokers/invoker.h"
#include "dispatcher/invokers/runtime_api/runtime_process.h"
#include "gateway/core/loop_timers.h"
#include "gateway/core/string_map.h"
#include "gateway/http/http_server.h"

namespace switchyard::dispatcher {

// `kind: runtime-api`: Switchyard serves the Lambda Runtime API (2018-06-01) and unmodified
// runtimes (aws-lambda-ric, a custom `bootstrap`) pull work from it:
//   GET  /2018-06-01/runtime/invocation/next          long poll; the event, with
//        Lambda-Runtime-Aws-Request-Id / -Deadline-Ms / -Invoked-Function-Arn / -Trace-Id
//   POST /2018-06-01/runtime/invocation/{id}/response the handler's result
//   POST /2018-06-01/runtime/invocation/{id}/error    a function error (Unhandled)
//   POST /2018-06-01/runtime/init/error               the runtime could not start
// Every runtime waiting on /next is one unit of concurrency. With a `command`, Switchyard runs
// `instances` runtimes itself, each on its own loopback port (so a timed-out invocation's runtime
// is known, killed and replaced); without one, runtimes started elsewhere connect to the fixed
// `runtime_api` address.
//
// NOTE: thread-confined to the function's home shard.
class RuntimeApiInvoker final : public Invoker {
 public:
  static constexpr size_t kMaxResponseBytes = 6 * 1024 * 1024;  // Lambda's synchronous limit

  RuntimeApiInvoker(const FunctionSpec* spec, std::string config_dir, uv_loop_t* loop,
                    LoopTimers* timers, InvocationSink* sink);
  ~RuntimeApiInvoker() override;

  // Binds the Runtime API listener(s) and starts the managed runtimes (control thread, before
  // the loop runs).
  Status start();
  void invoke(Delivery* delivery) noexcept override;
  void close() noexcept override;

  // The address runtimes use (AWS_LAMBDA_RUNTIME_API) for instance `i` (0 for external ones).
  std::string runtimeApiAddress(int instance) const;

 private:
  struct Invocation;
  struct Endpoint;
  struct Poll {
    int instance;
    http::HttpResponder responder;
  };

  void handle(int instance, const http::HttpRequest& request, http::HttpResponder responder);
  void onNext(int instance, http::HttpResponder responder);
  void onResult(int instance, std::string_view request_id, bool is_error,
                const http::HttpRequest& request, http::HttpResponder responder);
  void onInitError(int instance, const http::HttpRequest& request, http::HttpResponder responder);
  void handOut(Poll& poll, Invocation* invocation);
  void complete(Invocation* invocation, InvocationResult&& result);
  void onRuntimeExit(int instance, int64_t status, int signal);
  static void onDeadline(void* context);
  bool managed() const { return !processes_.empty(); }

  const FunctionSpec* spec_;
  std::string config_dir_;
  uv_loop_t* loop_;
  LoopTimers* timers_;
  InvocationSink* sink_;
  bool closed_ = false;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;  // one per instance, or one shared
  std::vector<std::unique_ptr<RuntimeProcess>> processes_;
  std::vector<Invocation*> current_;  // per instance: the invocation it runs
  std::deque<Invocation*> waiting_;   // invoked, no runtime free yet
  std::deque<Poll> polls_;            // runtimes waiting for work
  StringMap<Invocation*> in_flight_;  // handed to a runtime, by request id
  std::string last_exit_;             // for "no runtime" errors
};

}  // namespace switchyard::dispatcher
