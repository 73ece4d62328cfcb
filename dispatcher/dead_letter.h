#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "dispatcher/delivery.h"
#include "dispatcher/invocation_result.h"

namespace switchyard::dispatcher {

enum class DeadLetterReason : uint8_t {
  kRetriesExhausted,   // every attempt failed retryably
  kEventAgeExceeded,   // the event got older than retry.max_age
  kRejected,           // the function answered with a non-retryable error (4xx)
  kFunctionRequested,  // the function said "dead-letter now" (X-Switchyard-Dead-Letter)
  kChainLoop,          // a destination chain passed its hop limit
  kDestination,        // an on_success / on_failure { dlq: true } destination record
  kShutdown,           // the gateway stopped before the delivery could finish
};
std::string_view deadLetterReasonName(DeadLetterReason reason);

// Where a delivery that cannot be delivered ends: the seam for the DLQ store. The SQLite, Redis
// and Kafka backends sit behind DlqService, which implements it; callers do not change.
//
// deadLetter() takes the delivery (its attempt history filled in). Once the record is durable the
// sink hands it back to its home shard (stage kDeadLettered, through the inbox), where
// FunctionRuntime ends it: until then it counts as outstanding, so nothing is reported
// dead-lettered before it is committed.
//
// NOTE: called on the function's home shard, from any shard concurrently. Implementations must not
// block the loop.
class DeadLetterSink {
 public:
  virtual ~DeadLetterSink() = default;
  virtual void deadLetter(Delivery* delivery, DeadLetterReason reason,
                          const InvocationResult& last) noexcept = 0;
};

// Without a store (store.dlq: none): count, log (rate-limited) what was dropped and why, and end
// the delivery at once.
class LoggingDeadLetterSink final : public DeadLetterSink {
 public:
  void deadLetter(Delivery* delivery, DeadLetterReason reason,
                  const InvocationResult& last) noexcept override;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> count_{0};
};

// Hands a delivery whose record is durable back to its home shard.
void returnDeadLettered(Delivery* delivery) noexcept;

}  // namespace switchyard::dispatcher
