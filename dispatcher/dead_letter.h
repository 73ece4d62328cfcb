#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "dispatcher/delivery.h"
#include "dispatcher/invocation_result.h"

namespace switchyard::dispatcher {

enum class DeadLetterReason {
  kRetriesExhausted,  // every attempt failed retryably
  kEventAgeExceeded,  // the event got older than retry.max_age
  kRejected,          // the function answered with a non-retryable error (4xx)
  kShutdown,          // the gateway stopped before the delivery could finish
};
std::string_view deadLetterReasonName(DeadLetterReason reason);

// Where a delivery that cannot be delivered ends. This is the seam for the DLQ store: the SQLite,
// Redis and Kafka backends implement it; callers do not change.
//
// NOTE: called on the function's home shard, from any shard concurrently. Implementations must not
// block the loop (hand writes to a writer thread) and must keep `delivery.event` alive by taking a
// reference if they need it later.
class DeadLetterSink {
 public:
  virtual ~DeadLetterSink() = default;
  virtual void deadLetter(const Delivery& delivery, std::string_view function,
                          DeadLetterReason reason, const InvocationResult& last) noexcept = 0;
};

// Until the DLQ store exists: count, and log (rate-limited) what was lost and why.
class LoggingDeadLetterSink final : public DeadLetterSink {
 public:
  void deadLetter(const Delivery& delivery, std::string_view function, DeadLetterReason reason,
                  const InvocationResult& last) noexcept override;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> count_{0};
};

}  // namespace switchyard::dispatcher
