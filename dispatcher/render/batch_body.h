#pragma once

#include <string>

#include "dispatcher/delivery.h"
#include "dispatcher/render/renderer.h"

namespace switchyard::dispatcher {

// The body of one invocation: the delivery's own rendering (renderEvent), or for a delivery of a
// batching trigger (members chained through batch_next, same trigger and format; possibly just
// one: a batch keeps its shape whatever its size) one document holding every member:
// - aws, for sources whose Lambda event is a Records document (SQS, SNS, ...): one
//   {"Records":[...]} with every member's records, as Lambda batches them;
// - aws for other kinds, and raw: a JSON array of the members' documents (raw payloads that are
//   not JSON go in as JSON strings);
// - cloudevents: the structured batch mode, application/cloudevents-batch+json.
// A batch body is written into `batch_body` (the caller's reusable buffer); the view lives as long
// as that buffer. Format headers (CloudEvents binary mode) are appended to `headers` for single
// deliveries only.
RenderedEvent renderDeliveryBody(const Delivery& first, std::string& headers,
                                 std::string& batch_body);

}  // namespace switchyard::dispatcher
