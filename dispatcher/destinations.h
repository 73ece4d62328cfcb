#pragma once

#include <string_view>

#include "dispatcher/delivery.h"
#include "dispatcher/function_spec.h"
#include "dispatcher/invocation_result.h"

namespace switchyard::dispatcher {

class Dispatcher;

// On-success / on-failure destinations (chaining): after a delivery ends, its function's
// destination gets Lambda's destination record — another function, a topic (the record re-enters
// the router, so triggers on that topic match it), or the DLQ. Records carry a hop count: past
// server.max_chain_hops the record goes to the DLQ with reason chain_loop instead.
//
// NOTE: called on the origin function's home shard; only uses the thread-safe Dispatcher API.
class Destinations {
 public:
  explicit Destinations(int max_hops) : max_hops_(max_hops) {}
  void attach(Dispatcher* dispatcher) { dispatcher_ = dispatcher; }

  // Sends the record for `delivery`, which ended with `condition` ("Success",
  // "RetriesExhausted", "EventAgeExceeded"). False if the destination could not take it (its
  // queue is full, or the gateway is draining): the caller then dead-letters the delivery, so
  // nothing is lost.
  bool send(const Delivery& delivery, const FunctionSpec& spec,
            const config::DestinationConfig& destination, std::string_view condition,
            const InvocationResult& last);

 private:
  int max_hops_;
  Dispatcher* dispatcher_ = nullptr;
};

}  // namespace switchyard::dispatcher
