#pragma once

#include <atomic>
#include <memory>
#include <string_view>
#include <vector>

#include "dispatcher/dead_letter.h"
#include "dispatcher/function_spec.h"
#include "dispatcher/router/route_table.h"
#include "dispatcher/sync_reply.h"
#include "gateway/core/event.h"
#include "gateway/core/string_map.h"

namespace switchyard::dispatcher {

class FunctionRuntime;
class Shard;
struct Delivery;

enum class AdmitStatus {
  kAccepted,      // every selected target has the event queued
  kFiltered,      // no target matched: dropped by configuration, counted
  kNotJson,       // a filter had to read the payload and it is not a JSON object
  kQueueFull,     // a target's queue is full: nothing was queued, the source should back off
  kShuttingDown,  // the gateway is draining and takes no new work
};

struct AdmitResult {
  AdmitResult(AdmitStatus status_in, size_t deliveries_in = 0,
              std::string_view full_function_in = {}, bool over_memory_budget_in = false)
      : status(status_in),
        deliveries(deliveries_in),
        full_function(full_function_in),
        over_memory_budget(over_memory_budget_in) {}
  AdmitStatus status;
  size_t deliveries;
  std::string_view full_function;  // for kQueueFull
  bool over_memory_budget;         // kQueueFull because server.memory_budget is used up

  // For kQueueFull: why, in words a client can act on.
  std::string backpressureReason() const;
};

// The entry point for connectors: matches an event against a trigger's rules and hands one
// Delivery per selected target to that function's home shard. Admission is all-or-nothing: the
// event is accepted only if every selected target has room (each function's queue is bounded),
// so a 429 never leaves a partial fan-out behind.
//
// NOTE: route() and invoke() are safe from any shard thread: the tables are immutable, and the
// only shared writes are each function's atomic `outstanding` counter.
class Dispatcher {
 public:
  Dispatcher(std::vector<std::unique_ptr<FunctionSpec>> specs,
             std::vector<FunctionRuntime*> runtimes, std::vector<Shard*> shards,
             std::unique_ptr<router::RouteTable> routes);
  ~Dispatcher();

  // With `ack`, every delivery reports its end to it (pull sources acknowledge at the source
  // only then).
  AdmitResult route(const router::TriggerRoute& trigger, const EventRef& event,
                    SourceAck* ack = nullptr);
  // Straight to one function (Lambda Invoke API). With `sync`, the function's answer goes back
  // through it and the delivery is not retried. `sync` is taken only if the event is admitted.
  AdmitResult invoke(FunctionId function, const EventRef& event, EventFormat format,
                     std::unique_ptr<SyncReply>& sync);
  // A DLQ replay: like an asynchronous invoke, marked as a replay of record `record_id`.
  AdmitResult replay(FunctionId function, const EventRef& event, EventFormat format,
                     const std::string& record_id);
  // Admits a delivery that is dead-lettered as soon as it reaches its home shard (destination
  // records for { dlq: true } and chain loops): it is accounted like any delivery.
  AdmitResult deadLetterOnArrival(FunctionId function, const EventRef& event,
                                  DeadLetterReason reason);
  // Routes `event` through every trigger whose source is topic `topic` (destinations with
  // { topic: NAME }). kFiltered when no trigger listens or none matched.
  AdmitResult publish(std::string_view topic, const EventRef& event);

  const router::RouteTable& routes() const { return *routes_; }
  const FunctionSpec* findFunction(std::string_view name) const;
  const std::vector<std::unique_ptr<FunctionSpec>>& functions() const { return specs_; }
  // The gateway-wide memory budget every function shares (null when there is none).
  const MemoryBudget* memoryBudget() const {
    return specs_.empty() ? nullptr : specs_.front()->budget;
  }

  // Drain: refuse new work from now on.
  void stopAdmitting() { admitting_.store(false, std::memory_order_release); }
  bool admitting() const { return admitting_.load(std::memory_order_acquire); }
  // Deliveries admitted and not yet ended, over all functions.
  int64_t outstanding() const;

  static constexpr size_t kMaxTargets = 64;

 private:
  // Takes a place in the function's queue and `bytes` of the memory budget; false if either is
  // full (nothing is taken then).
  bool reserve(FunctionSpec& spec, size_t bytes);
  void unreserve(FunctionSpec& spec, size_t bytes);
  AdmitResult full(const FunctionSpec& spec, size_t bytes) const;
  void handOver(Delivery* delivery, FunctionId function);
  // Reserves room and hands a new delivery over; `prepare` fills its extra fields.
  template <typename Prepare>
  AdmitResult submitOne(FunctionId function, const EventRef& event, EventFormat format,
                        Prepare&& prepare);

  std::vector<std::unique_ptr<FunctionSpec>> specs_;
  std::vector<FunctionRuntime*> runtimes_;  // by FunctionId; owned by their shards
  std::vector<Shard*> shards_;
  std::unique_ptr<router::RouteTable> routes_;
  StringMap<FunctionId> by_name_;
  std::atomic<bool> admitting_{true};
};

}  // namespace switchyard::dispatcher
