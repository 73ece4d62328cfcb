#pragma once

#include <string_view>

#include "dispatcher/invocation_result.h"

namespace switchyard::dispatcher {

// The one place that decides whether an attempt succeeded, may be retried, or failed for good
// (Fluent Bit's FLB_OK / FLB_RETRY / FLB_ERROR). Retryable: connection errors, timeouts, 429, 5xx
// and Lambda function errors (X-Amz-Function-Error). Fatal: other 4xx and 1xx/3xx answers, and
// any answer carrying `X-Switchyard-Dead-Letter: <reason>` — a function's way of saying "this
// event can never succeed: dead-letter it now, do not retry".
enum class Outcome { kSuccess, kRetryable, kFatal };

Outcome classify(const InvocationResult& result);

// A short, stable label for metrics and logs: "ok", "timeout", "http_5xx", "function_error", ...
std::string_view outcomeReason(const InvocationResult& result);

}  // namespace switchyard::dispatcher
