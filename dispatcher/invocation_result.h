#pragma once

#include <cstdint>
#include <string>

namespace switchyard::dispatcher {

// What one attempt to call a function produced, before it is judged (see outcome.h).
struct InvocationResult {
  enum class Transport : uint8_t {
    kResponse,        // the function answered (any status)
    kConnectFailed,   // could not connect
    kConnectionLost,  // connected, but the connection broke before a full answer
    kTimeout,         // no full answer within the function's timeout
    kBadResponse,     // the answer was not valid HTTP
    kOverloaded,      // the invoker refused locally (e.g. too large)
    kShutdown,        // the gateway stopped before the attempt finished
  };

  Transport transport = Transport::kResponse;
  int status = 0;              // HTTP status when transport == kResponse
  std::string function_error;  // X-Amz-Function-Error, if the function sent one
  std::string dead_letter;     // X-Switchyard-Dead-Letter: the function asks not to retry
  std::string content_type;
  std::string request_id;  // x-amzn-RequestId (Lambda-style endpoints; the invoke API's 202)
  std::string body;        // whole body if the caller asked for it, else an excerpt
  std::string detail;      // transport-level reason, for logs and errors
  int64_t latency_us = 0;

  // Back to the default state, keeping the strings' capacity (a reused result allocates nothing).
  void clear() {
    transport = Transport::kResponse;
    status = 0;
    function_error.clear();
    dead_letter.clear();
    content_type.clear();
    request_id.clear();
    body.clear();
    detail.clear();
    latency_us = 0;
  }
};

const char* transportName(InvocationResult::Transport transport);

}  // namespace switchyard::dispatcher
