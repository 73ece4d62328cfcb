#pragma once

#include <cstdint>
#include <memory>

#include "dispatcher/dead_letter.h"
#include "dispatcher/delivery.h"
#include "dispatcher/function_spec.h"
#include "dispatcher/invokers/invoker.h"

namespace switchyard::dispatcher {

class Destinations;
class Shard;

// A function's state on its home shard: the ready queue, the concurrency gate, retry timers, and
// the decision of what happens after each attempt (success, retry with backoff, destination, dead
// letter). Every delivery admitted for the function ends here in exactly one of: delivered (then
// its on_success destination, if any, gets the record), sent to its on_failure destination,
// dead-lettered once the DLQ committed it, or — for synchronous invokes — answered with the error;
// the metrics count each end.
//
// NOTE: thread-confined to the home shard, except `spec()` which is immutable.
class FunctionRuntime final : public InvocationSink {
 public:
  FunctionRuntime(FunctionSpec* spec, Shard* shard, DeadLetterSink* dead_letters,
                  Destinations* destinations);
  ~FunctionRuntime() override;

  void setInvoker(std::unique_ptr<Invoker> invoker) { invoker_ = std::move(invoker); }
  FunctionSpec& spec() { return *spec_; }
  Shard& shard() { return *shard_; }

  // A newly admitted delivery arrives (on the home shard).
  void accept(Delivery* delivery) noexcept;
  void onInvocationDone(Delivery* delivery, InvocationResult&& result) noexcept override;
  // The DLQ committed the delivery's record (via returnDeadLettered): end it.
  void onDeadLettered(Delivery* delivery) noexcept;

  size_t readyCount() const { return ready_count_; }
  int inFlight() const { return in_flight_; }
  size_t retryWaitingCount() const { return waiting_count_; }

  // Shutdown: stops the invoker (in-flight attempts end as kShutdown) and hands every delivery
  // still queued or waiting to the dead-letter sink with reason kShutdown. Returns how many.
  size_t abandon() noexcept;

 private:
  static void onRetryTimer(void* context);
  void pump();
  void startAttempt(Delivery* delivery);
  void retryLater(Delivery* delivery, int64_t delay_ms);
  void recordAttempt(Delivery* delivery, const InvocationResult& result);
  void succeed(Delivery* delivery, const InvocationResult& result);
  void fail(Delivery* delivery, DeadLetterReason reason, const InvocationResult& last);
  void deadLetter(Delivery* delivery, DeadLetterReason reason, const InvocationResult& last);
  void finish(Delivery* delivery);
  void pushReady(Delivery* delivery);
  Delivery* popReady();

  FunctionSpec* spec_;
  Shard* shard_;
  DeadLetterSink* dead_letters_;
  Destinations* destinations_;
  std::unique_ptr<Invoker> invoker_;
  Delivery* ready_head_ = nullptr;
  Delivery* ready_tail_ = nullptr;
  size_t ready_count_ = 0;
  Delivery* waiting_ = nullptr;  // retry-waiting list
  size_t waiting_count_ = 0;
  int in_flight_ = 0;
  bool closed_ = false;
};

}  // namespace switchyard::dispatcher
