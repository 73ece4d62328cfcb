// FunctionRuntime's batching: grouping ready deliveries of one trigger into one invocation, and
// settling each member once the invocation ended (DESIGN.md §5).

#include "dispatcher/batch_item_failures.h"
#include "dispatcher/function_runtime.h"
#include "dispatcher/shard.h"

namespace switchyard::dispatcher {

Delivery* FunctionRuntime::takeBatch() {
  Delivery* head = ready_head_;
  if (head->batch_next != nullptr) {
    return popReady();  // a batch back from its retry backoff goes out as it was
  }
  const BatchPolicy& policy = *head->batch;
  if (window_armed_ && ready_count_ < policy.size) {
    return nullptr;  // still waiting, and the queue cannot hold a full batch yet
  }
  // Members: the deliveries right behind the head that share its trigger and format.
  size_t count = 0;
  size_t bytes = 0;
  bool complete = false;  // nothing more can join: send it now
  for (Delivery* next = head; next != nullptr; next = next->queue_next) {
    size_t payload = next->event->payload().size();
    if (next->batch != head->batch || next->format != head->format || next->batch_next != nullptr ||
        (count > 0 && bytes + payload > policy.max_bytes)) {
      complete = true;
      break;
    }
    bytes += payload;
    if (++count == policy.size) {
      complete = true;
      break;
    }
  }
  if (!complete && head->ready_since_us != 0) {
    int64_t waited_ms = (unixMicrosNow() - head->ready_since_us) / 1000;
    if (waited_ms < policy.window_ms) {
      if (!window_armed_) {
        window_armed_ = true;
        window_timer_.setCallback(&FunctionRuntime::onBatchWindow, this);
        shard_->timers().scheduleAfter(&window_timer_, policy.window_ms - waited_ms);
      }
      return nullptr;
    }
  }
  if (window_armed_) {
    window_armed_ = false;
    shard_->timers().cancel(&window_timer_);
  }
  Delivery* first = popReady();
  Delivery* last = first;
  for (size_t i = 1; i < count; ++i) {
    last->batch_next = popReady();
    last = last->batch_next;
  }
  last->batch_next = nullptr;
  for (Delivery* member = first; member != nullptr; member = member->batch_next) {
    member->ready_since_us = 0;  // a retried member does not wait for a window again
  }
  return first;
}

void FunctionRuntime::onBatchWindow(void* context) {
  auto* self = static_cast<FunctionRuntime*>(context);
  self->window_armed_ = false;
  self->pump();
}

void FunctionRuntime::settleBatch(Delivery* first, Outcome outcome, InvocationResult& result) {
  // With ReportBatchItemFailures a successful answer may still name events that failed; an
  // answer that is not a valid partial batch response fails the whole batch (as Lambda does).
  std::optional<std::set<std::string, std::less<>>> failures;
  bool item_failures = outcome == Outcome::kSuccess && first->batch->report_item_failures;
  InvocationResult failed_item;
  if (item_failures) {
    failures = parseBatchItemFailures(result.body);
    failed_item = result;
    failed_item.function_error = failures ? "BatchItemFailure" : "InvalidBatchItemFailures";
    failed_item.detail = failures ? "listed in the function's batchItemFailures"
                                  : "the answer is not a valid batchItemFailures document";
  }
  RetryGroup retries;
  forEachMember(first, [&](Delivery* member) {
    if (item_failures && (!failures || failures->contains(member->event->idText()))) {
      settle(member, Outcome::kRetryable, failed_item, &retries);
    } else {
      settle(member, outcome, result, &retries);
    }
  });
  if (retries.first != nullptr) {
    retryLater(retries.first, retries.delay_ms);
  }
}

}  // namespace switchyard::dispatcher
