#pragma once

#include <cstdint>
#include <memory>

#include "dispatcher/inbox.h"
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

  // Runs on the home shard after the inbox hand-off.
  void run() noexcept override;

  EventRef event;
  FunctionRuntime* function;  // lives on the home shard; dereferenced only there
  EventFormat format;
  uint16_t attempt = 0;  // attempts started so far
  int64_t attempt_started_us = 0;
  std::unique_ptr<SyncReply> sync;  // set for RequestResponse invokes: no retries, answer returns

  // Home-shard bookkeeping.
  Delivery* queue_next = nullptr;  // ready queue (FIFO)
  Delivery* wait_prev = nullptr;   // retry-waiting list, so shutdown can find them
  Delivery* wait_next = nullptr;
  TimerEntry retry_timer;
};

}  // namespace switchyard::dispatcher
