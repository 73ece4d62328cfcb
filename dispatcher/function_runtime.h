#pragma once

#include <cstdint>
#include <memory>

#include "dispatcher/dead_letter.h"
#include "dispatcher/delivery.h"
#include "dispatcher/function_spec.h"
#include "dispatcher/invokers/invoker.h"
#include "dispatcher/outcome.h"

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
  // Starts one invocation: a single delivery, or a batch chained through batch_next.
  void startAttempt(Delivery* first);
  // Members of a failed batch that will be retried: they wait out one backoff together and go
  // out again as the same batch.
  struct RetryGroup {
    Delivery* first = nullptr;
    Delivery* last = nullptr;
    int64_t delay_ms = 0;  // the first member's backoff
    void add(Delivery* delivery, int64_t delay) {
      if (first == nullptr) {
        first = delivery;
        delay_ms = delay;
      } else {
        last->batch_next = delivery;
      }
      last = delivery;
      delivery->batch_next = nullptr;
    }
  };
  // How one delivery goes on after an attempt ended with `outcome`. A retry joins `retry_group`
  // when one is given, instead of waiting alone.
  void settle(Delivery* delivery, Outcome outcome, InvocationResult& result,
              RetryGroup* retry_group = nullptr);

  // Batching (function_runtime_batch.cc). takeBatch() pops the batch at the head of the ready
  // queue, or returns null and arms the window timer when it should wait for more events.
  Delivery* takeBatch();
  void settleBatch(Delivery* first, Outcome outcome, InvocationResult& result);
  static void onBatchWindow(void* context);
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
  TimerEntry window_timer_;
  bool window_armed_ = false;
};

}  // namespace switchyard::dispatcher
