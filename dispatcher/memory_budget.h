#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "dispatcher/delivery.h"
#include "gateway/core/event.h"

namespace switchyard::dispatcher {

// The bytes that queued work may hold (server.memory_budget): every admitted delivery charges its
// footprint and gives it back when it ends, and admission past the budget is refused the way a
// full function queue is (429, paused polling), so a burst of a million events slows its senders
// down instead of taking the process past its budget. Per-function queue limits bound counts;
// this bounds bytes across all functions.
//
// NOTE: charged and released from any shard; one atomic, no lock.
class MemoryBudget {
 public:
  explicit MemoryBudget(size_t limit_bytes) : limit_(static_cast<int64_t>(limit_bytes)) {}

  bool tryCharge(size_t bytes) {
    auto amount = static_cast<int64_t>(bytes);
    int64_t before = used_.fetch_add(amount, std::memory_order_relaxed);
    if (before + amount > limit_) {
      used_.fetch_sub(amount, std::memory_order_relaxed);
      return false;
    }
    return true;
  }
  void release(size_t bytes) {
    used_.fetch_sub(static_cast<int64_t>(bytes), std::memory_order_relaxed);
  }

  int64_t used() const { return used_.load(std::memory_order_relaxed); }
  int64_t limit() const { return limit_; }

 private:
  const int64_t limit_;
  alignas(64) std::atomic<int64_t> used_{0};
};

// What one delivery of `event` is charged: the Event's allocation (payload, padding, and the
// strings and attributes kept with it; shared by a fan-out, but charged per delivery: a budget
// errs on the safe side) and the Delivery, each as the malloc chunk that holds it (glibc: 8 bytes
// of header, rounded up to 16).
inline size_t deliveryFootprint(const Event& event) {
  auto chunk = [](size_t bytes) { return (bytes + 8 + 15) & ~size_t{15}; };
  return chunk(event.allocationSize()) + chunk(sizeof(Delivery));
}

}  // namespace switchyard::dispatcher
