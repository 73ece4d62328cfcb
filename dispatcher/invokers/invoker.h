#pragma once

#include "dispatcher/delivery.h"
#include "dispatcher/invocation_result.h"

namespace switchyard::dispatcher {

// Told when an attempt ends.
class InvocationSink {
 public:
  virtual ~InvocationSink() = default;
  // On the home shard, exactly once per invoke(); ownership of `delivery` returns with it.
  virtual void onInvocationDone(Delivery* delivery, InvocationResult&& result) noexcept = 0;
};

// Calls one function endpoint (http, lambda RIE, runtime-api, topic). One invoker per function,
// on the function's home shard; the caller limits concurrency, the invoker enforces the timeout.
//
// NOTE: thread-confined to the home shard's loop. close() before the loop stops: attempts still
// running end with Transport::kShutdown.
class Invoker {
 public:
  virtual ~Invoker() = default;
  // Starts one attempt of `delivery` (attempt number already incremented). Takes the delivery
  // until sink->onInvocationDone() hands it back.
  virtual void invoke(Delivery* delivery) noexcept = 0;
  virtual void close() noexcept = 0;
};

}  // namespace switchyard::dispatcher
