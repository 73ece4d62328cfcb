#pragma once

#include <cstdint>
#include <memory>

#include <optional>
#include <vector>

#include "dispatcher/batch_policy.h"
#include "dispatcher/dlq/dlq_record.h"
#include "dispatcher/inbox.h"
#include "dispatcher/source_ack.h"
#include "dispatcher/sync_reply.h"
#include "gateway/core/event.h"
#include "gateway/core/timer_wheel.h"

namespace switchyard::dispatcher {

class FunctionRuntime;

// One event on its way to one function: the unit that is queued, attempted, retried and finally
// delivered or dead-lettered. Fan-out makes one per target; they share the Event.
//
// Created on the ingest thread, then owned by the function's home shard: it crosses threads once,
// through the home shard's inbox (it is its own inbox node, so the hand-off allocates nothing).
struct Delivery final : InboxNode {
  Delivery(EventRef event_in, FunctionRuntime* function_in, EventFormat format_in)
      : event(std::move(event_in)), function(function_in), format(format_in) {}
  ~Delivery() override;

  // Why a delivery travels through an inbox.
  enum class Stage : uint8_t {
    kArriving,      // newly admitted: join the function's queue
    kDeadLettered,  // its DLQ record is committed: end it
  };

  // Runs on the home shard after the inbox hand-off.
  void run() noexcept override;

  EventRef event;
  FunctionRuntime* function;  // lives on the home shard; dereferenced only there
  EventFormat format;
  uint16_t attempt = 0;  // attempts started so far
  int64_t attempt_started_us = 0;
  std::unique_ptr<SyncReply> sync;  // set for RequestResponse invokes: no retries, answer returns
  Stage stage = Stage::kArriving;
  // Set when the delivery must go straight to the DLQ on arrival (a destination chain past its
  // hop limit, an on_success { dlq: true } record); the value is a DeadLetterReason.
  std::optional<uint8_t> dead_letter_on_arrival;
  std::string replay_of;     // DLQ record id when this delivery is a replay
  SourceAck* ack = nullptr;  // a pull source waiting to hear how this delivery ended
  // Its trigger's batching (owned by the route table), or null: delivered one per invocation.
  const BatchPolicy* batch = nullptr;
  // What happened to each attempt; only kept once an attempt failed (the DLQ record needs it).
  std::vector<dlq::AttemptRecord> history;

  // Home-shard bookkeeping.
  Delivery* queue_next = nullptr;  // ready queue (FIFO)
  // While a batch is in flight its members hang off the first one (the one the invoker gets).
  Delivery* batch_next = nullptr;
  // When it joined the ready queue the first time, for the batching window; 0 once it waited.
  int64_t ready_since_us = 0;
  Delivery* wait_prev = nullptr;  // retry-waiting list, so shutdown can find them
  Delivery* wait_next = nullptr;
  TimerEntry retry_timer;
};

// How many deliveries the chain starting at `first` holds (1 for a delivery on its own).
inline size_t batchMembers(const Delivery& first) {
  size_t count = 0;
  for (const Delivery* member = &first; member != nullptr; member = member->batch_next) {
    ++count;
  }
  return count;
}

// Unlinks the chain starting at `first` and calls `f` on each member, in order.
template <typename F>
void forEachMember(Delivery* first, F&& f) {
  while (first != nullptr) {
    Delivery* next = first->batch_next;
    first->batch_next = nullptr;
    f(first);
    first = next;
  }
}

}  // namespace switchyard::dispatcher
