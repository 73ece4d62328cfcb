#pragma once

#include <string>
#include <string_view>

#include "dispatcher/delivery.h"
#include "dispatcher/function_spec.h"

namespace switchyard::dispatcher {

// What every delivery attempt sends, whatever the client: the rendered body and the header lines
// (Content-Type, X-Switchyard-Event-Id, X-Switchyard-Attempt, X-Switchyard-Source,
// X-Switchyard-Accepted-At, traceparent, and the format's own such as CloudEvents' ce-*), each as
// "Name: value\r\n" appended to `header_lines`. A batch (members chained through batch_next) is
// rendered into `batch_body` and its X-Switchyard-Event-Id lists every member's id, comma
// separated, with X-Switchyard-Batch-Size. The body view lives as long as the delivery and
// `batch_body`.
std::string_view renderDeliveryRequest(const Delivery& delivery, std::string& header_lines,
                                       std::string& batch_body);

// Whether an attempt must keep the function's whole answer rather than an excerpt for logs: the
// caller waits for it (synchronous invoke), a destination record carries it, or it may be a
// partial batch response (batchItemFailures).
inline bool keepsWholeAnswer(const Delivery& delivery, const FunctionSpec& spec) {
  return delivery.sync != nullptr || spec.keeps_response_body ||
         (delivery.batch != nullptr && delivery.batch->report_item_failures);
}

}  // namespace switchyard::dispatcher
