#pragma once

#include <string>
#include <string_view>

#include "dispatcher/invocation_result.h"
#include "gateway/core/event.h"

namespace switchyard::dispatcher {

// Lambda's destination record (what an on_success / on_failure destination receives):
//   { "version": "1.0", "timestamp", "requestContext": { "requestId", "functionArn",
//     "condition": "Success" | "RetriesExhausted" | "EventAgeExceeded", "approximateInvokeCount" },
//     "requestPayload": <the original event>, "responseContext": { "statusCode",
//     "executedVersion", "functionError"? }, "responsePayload": <the function's answer> }
// Payloads that are JSON are embedded as JSON, others as strings; a missing answer is null.
std::string renderDestinationRecord(const Event& original, std::string_view function,
                                    std::string_view condition, int invoke_count,
                                    const InvocationResult& last);

// "arn:aws:lambda:us-east-1:000000000000:function:NAME"
std::string functionArn(std::string_view function);

}  // namespace switchyard::dispatcher
