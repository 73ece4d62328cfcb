#include "dispatcher/outcome.h"

namespace switchyard::dispatcher {

const char* transportName(InvocationResult::Transport transport) {
  switch (transport) {
    case InvocationResult::Transport::kResponse:
      return "response";
    case InvocationResult::Transport::kConnectFailed:
      return "connect_failed";
    case InvocationResult::Transport::kConnectionLost:
      return "connection_lost";
    case InvocationResult::Transport::kTimeout:
      return "timeout";
    case InvocationResult::Transport::kBadResponse:
      return "bad_response";
    case InvocationResult::Transport::kOverloaded:
      return "overloaded";
    case InvocationResult::Transport::kShutdown:
      return "shutdown";
  }
  return "unknown";
}

Outcome classify(const InvocationResult& result) {
  switch (result.transport) {
    case InvocationResult::Transport::kResponse:
      break;
    case InvocationResult::Transport::kBadResponse:
    case InvocationResult::Transport::kConnectFailed:
    case InvocationResult::Transport::kConnectionLost:
    case InvocationResult::Transport::kTimeout:
    case InvocationResult::Transport::kOverloaded:
    case InvocationResult::Transport::kShutdown:
      return Outcome::kRetryable;
  }
  if (!result.dead_letter.empty()) {
    return Outcome::kFatal;
  }
  if (!result.function_error.empty()) {
    return Outcome::kRetryable;  // Lambda retries function errors for asynchronous invokes
  }
  int status = result.status;
  if (status >= 200 && status < 300) {
    return Outcome::kSuccess;
  }
  if (status == 429 || status >= 500) {
    return Outcome::kRetryable;
  }
  return Outcome::kFatal;  // 4xx: the function rejected this event; repeating will not help
}

std::string_view outcomeReason(const InvocationResult& result) {
  if (result.transport != InvocationResult::Transport::kResponse) {
    return transportName(result.transport);
  }
  if (!result.dead_letter.empty()) {
    return "dead_letter_requested";
  }
  if (!result.function_error.empty()) {
    return "function_error";
  }
  int status = result.status;
  if (status >= 200 && status < 300) {
    return "ok";
  }
  if (status == 429) {
    return "http_429";
  }
  if (status >= 500) {
    return "http_5xx";
  }
  if (status >= 400) {
    return "http_4xx";
  }
  return "http_other";
}

}  // namespace switchyard::dispatcher
