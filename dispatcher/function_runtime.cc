#include "dispatcher/function_runtime.h"

#include "dispatcher/destinations.h"
#include "dispatcher/memory_budget.h"
#include "dispatcher/outcome.h"
#include "dispatcher/shard.h"
#include "gateway/core/assert.h"
#include "gateway/core/log.h"
#include "gateway/core/random.h"

namespace switchyard::dispatcher {

Delivery::~Delivery() = default;

void Delivery::run() noexcept {
  switch (stage) {
    case Stage::kArriving:
      function->accept(this);
      return;
    case Stage::kDeadLettered:
      function->onDeadLettered(this);
      return;
  }
}

FunctionRuntime::FunctionRuntime(FunctionSpec* spec, Shard* shard, DeadLetterSink* dead_letters,
                                 Destinations* destinations)
    : spec_(spec), shard_(shard), dead_letters_(dead_letters), destinations_(destinations) {}

FunctionRuntime::~FunctionRuntime() {
  // abandon() ran at shutdown; anything left here is freed without ceremony.
  if (window_armed_) {
    shard_->timers().cancel(&window_timer_);
  }
  auto free = [](Delivery* member) { delete member; };
  while (Delivery* delivery = popReady()) {
    forEachMember(delivery, free);
  }
  while (waiting_ != nullptr) {
    Delivery* delivery = waiting_;
    waiting_ = delivery->wait_next;
    shard_->timers().cancel(&delivery->retry_timer);
    forEachMember(delivery, free);
  }
}

void FunctionRuntime::pushReady(Delivery* delivery) {
  delivery->queue_next = nullptr;
  if (ready_tail_ != nullptr) {
    ready_tail_->queue_next = delivery;
  } else {
    ready_head_ = delivery;
  }
  ready_tail_ = delivery;
  ready_count_ += batchMembers(*delivery);  // a retried batch waits as one chain
  spec_->metrics.queued.set(static_cast<int64_t>(ready_count_));
}

Delivery* FunctionRuntime::popReady() {
  Delivery* delivery = ready_head_;
  if (delivery == nullptr) {
    return nullptr;
  }
  ready_head_ = delivery->queue_next;
  if (ready_head_ == nullptr) {
    ready_tail_ = nullptr;
  }
  delivery->queue_next = nullptr;
  ready_count_ -= batchMembers(*delivery);
  spec_->metrics.queued.set(static_cast<int64_t>(ready_count_));
  return delivery;
}

void FunctionRuntime::accept(Delivery* delivery) noexcept {
  SY_DEBUG_ASSERT(shard_->isCurrentThread());
  if (delivery->dead_letter_on_arrival) {
    InvocationResult none;
    none.transport = InvocationResult::Transport::kShutdown;
    none.detail = "stored without delivery";
    deadLetter(delivery, static_cast<DeadLetterReason>(*delivery->dead_letter_on_arrival), none);
    return;
  }
  if (closed_) {
    InvocationResult shutdown;
    shutdown.transport = InvocationResult::Transport::kShutdown;
    deadLetter(delivery, DeadLetterReason::kShutdown, shutdown);
    return;
  }
  if (delivery->batch != nullptr) {
    delivery->ready_since_us = unixMicrosNow();
  }
  pushReady(delivery);
  pump();
}

void FunctionRuntime::pump() {
  while (in_flight_ < spec_->config.concurrency && ready_head_ != nullptr && !closed_) {
    Delivery* next = ready_head_->batch == nullptr ? popReady() : takeBatch();
    if (next == nullptr) {
      return;  // the batch at the head waits for its window
    }
    startAttempt(next);
  }
}

void FunctionRuntime::startAttempt(Delivery* first) {
  int64_t now_us = unixMicrosNow();
  for (Delivery* delivery = first; delivery != nullptr; delivery = delivery->batch_next) {
    ++delivery->attempt;
    delivery->attempt_started_us = now_us;
    spec_->metrics.attempts.add();
  }
  ++in_flight_;  // concurrency counts invocations: a batch takes one slot, as in Lambda
  spec_->metrics.in_flight.set(in_flight_);
  invoker_->invoke(first);
}

void FunctionRuntime::recordAttempt(Delivery* delivery, const InvocationResult& result) {
  if (delivery->sync) {
    return;  // never dead-lettered: the caller gets the answer
  }
  dlq::AttemptRecord attempt;
  attempt.started_us = delivery->attempt_started_us;
  attempt.latency_us = result.latency_us;
  attempt.status = result.status;
  attempt.outcome = std::string(outcomeReason(result));
  const std::string& detail = !result.dead_letter.empty() ? result.dead_letter
                              : !result.detail.empty()    ? result.detail
                                                          : result.body;
  attempt.error = detail.substr(0, 512);
  delivery->history.push_back(std::move(attempt));
}

void FunctionRuntime::onInvocationDone(Delivery* delivery, InvocationResult&& result) noexcept {
  --in_flight_;
  spec_->metrics.in_flight.set(in_flight_);
  spec_->metrics.latency.observeMicros(result.latency_us);
  Outcome outcome = classify(result);
  if (delivery->batch != nullptr) {
    settleBatch(delivery, outcome, result);
  } else {
    settle(delivery, outcome, result);
  }
  pump();
}

void FunctionRuntime::settle(Delivery* delivery, Outcome outcome, InvocationResult& result,
                             RetryGroup* retry_group) {
  FunctionMetrics& metrics = spec_->metrics;
  if (outcome == Outcome::kSuccess) {
    metrics.succeeded.add();
  } else {
    metrics.failed.add();
    if (result.transport == InvocationResult::Transport::kTimeout) {
      metrics.timeouts.add();
    }
    recordAttempt(delivery, result);
  }

  if (delivery->sync) {
    // RequestResponse: the caller gets this answer, whatever it is; the caller decides retries.
    if (outcome != Outcome::kSuccess) {
      metrics.returned_errors.add();
    }
    delivery->sync.release()->complete(std::move(result));
    finish(delivery);
  } else if (outcome == Outcome::kSuccess) {
    succeed(delivery, result);
  } else if (delivery->ack != nullptr && delivery->ack->sourceRetries()) {
    // The source redelivers (SQS visibility timeout, then its redrive queue): report, end here.
    metrics.returned_to_source.add();
    delivery->ack->deliveryEnded(*delivery, SourceAck::Ending::kFailed, result);
    delivery->ack = nullptr;
    finish(delivery);
  } else if (closed_) {
    fail(delivery, DeadLetterReason::kShutdown, result);
  } else if (outcome == Outcome::kFatal) {
    fail(delivery,
         result.dead_letter.empty() ? DeadLetterReason::kRejected
                                    : DeadLetterReason::kFunctionRequested,
         result);
  } else {
    int64_t age_ms = (unixMicrosNow() - delivery->event->timeMicros()) / 1000;
    RetryPolicy::Decision decision = spec_->retry.next(delivery->attempt, age_ms, Random::local());
    switch (decision.kind) {
      case RetryPolicy::Decision::Kind::kRetry:
        metrics.retried.add();
        log::debug("dispatcher", "Attempt failed; retrying after backoff.",
                   {{"function", spec_->config.name},
                    {"event_id", delivery->event->idText()},
                    {"attempt", delivery->attempt},
                    {"reason", outcomeReason(result)},
                    {"delay_ms", decision.delay_ms}});
        if (retry_group != nullptr) {
          retry_group->add(delivery, decision.delay_ms);
        } else {
          retryLater(delivery, decision.delay_ms);
        }
        break;
      case RetryPolicy::Decision::Kind::kAttemptsExhausted:
        fail(delivery, DeadLetterReason::kRetriesExhausted, result);
        break;
      case RetryPolicy::Decision::Kind::kEventTooOld:
        fail(delivery, DeadLetterReason::kEventAgeExceeded, result);
        break;
    }
  }
}

void FunctionRuntime::retryLater(Delivery* delivery, int64_t delay_ms) {
  delivery->wait_prev = nullptr;
  delivery->wait_next = waiting_;
  if (waiting_ != nullptr) {
    waiting_->wait_prev = delivery;
  }
  waiting_ = delivery;
  waiting_count_ += batchMembers(*delivery);
  spec_->metrics.retry_waiting.set(static_cast<int64_t>(waiting_count_));
  delivery->retry_timer.setCallback(&FunctionRuntime::onRetryTimer, delivery);
  shard_->timers().scheduleAfter(&delivery->retry_timer, delay_ms);
}

void FunctionRuntime::onRetryTimer(void* context) {
  auto* delivery = static_cast<Delivery*>(context);
  FunctionRuntime* self = delivery->function;
  if (delivery->wait_prev != nullptr) {
    delivery->wait_prev->wait_next = delivery->wait_next;
  } else {
    self->waiting_ = delivery->wait_next;
  }
  if (delivery->wait_next != nullptr) {
    delivery->wait_next->wait_prev = delivery->wait_prev;
  }
  delivery->wait_prev = delivery->wait_next = nullptr;
  self->waiting_count_ -= batchMembers(*delivery);
  self->spec_->metrics.retry_waiting.set(static_cast<int64_t>(self->waiting_count_));
  self->pushReady(delivery);
  self->pump();
}

void FunctionRuntime::succeed(Delivery* delivery, const InvocationResult& result) {
  if (delivery->ack != nullptr) {
    delivery->ack->deliveryEnded(*delivery, SourceAck::Ending::kDelivered, result);
    delivery->ack = nullptr;
  }
  const config::DestinationConfig& destination = spec_->config.on_success;
  if (destination.kind != config::DestinationConfig::Kind::kNone) {
    // A success record that cannot be admitted is logged by Destinations; the delivery itself
    // succeeded and ends delivered either way.
    destinations_->send(*delivery, *spec_, destination, "Success", result);
  }
  finish(delivery);
}

void FunctionRuntime::fail(Delivery* delivery, DeadLetterReason reason,
                           const InvocationResult& last) {
  const config::DestinationConfig& destination = spec_->config.on_failure;
  bool to_destination = destination.kind == config::DestinationConfig::Kind::kFunction ||
                        destination.kind == config::DestinationConfig::Kind::kTopic;
  if (to_destination && reason != DeadLetterReason::kShutdown) {
    std::string_view condition =
        reason == DeadLetterReason::kEventAgeExceeded ? "EventAgeExceeded" : "RetriesExhausted";
    if (destinations_->send(*delivery, *spec_, destination, condition, last)) {
      spec_->metrics.sent_to_destination.add();
      finish(delivery);
      return;
    }
  }
  deadLetter(delivery, reason, last);  // also for on_failure: { dlq: true }, the default
}

void FunctionRuntime::deadLetter(Delivery* delivery, DeadLetterReason reason,
                                 const InvocationResult& last) {
  // The sink owns the delivery until its record is durable, then returns it (onDeadLettered).
  dead_letters_->deadLetter(delivery, reason, last);
}

void FunctionRuntime::onDeadLettered(Delivery* delivery) noexcept {
  spec_->metrics.dead_lettered.add();
  finish(delivery);
}

void FunctionRuntime::finish(Delivery* delivery) {
  if (delivery->ack != nullptr) {
    // Ended by the dispatcher itself (destination, DLQ, shutdown): the source may let it go.
    InvocationResult none;
    delivery->ack->deliveryEnded(*delivery, SourceAck::Ending::kEnded, none);
    delivery->ack = nullptr;
  }
  if (delivery->sync) {
    // Ended without an answer (shutdown): the caller must still hear something.
    InvocationResult shutdown;
    shutdown.transport = InvocationResult::Transport::kShutdown;
    shutdown.detail = "the gateway is shutting down";
    delivery->sync.release()->complete(std::move(shutdown));
  }
  if (spec_->budget != nullptr) {
    spec_->budget->release(deliveryFootprint(*delivery->event));
  }
  delete delivery;
  spec_->outstanding.fetch_sub(1, std::memory_order_acq_rel);
}

size_t FunctionRuntime::abandon() noexcept {
  closed_ = true;
  if (window_armed_) {
    window_armed_ = false;
    shard_->timers().cancel(&window_timer_);
  }
  if (invoker_) {
    invoker_->close();  // in-flight attempts come back as kShutdown → dead-lettered
  }
  size_t abandoned = 0;
  InvocationResult shutdown;
  shutdown.transport = InvocationResult::Transport::kShutdown;
  shutdown.detail = "the gateway stopped before this delivery finished";
  auto abandonOne = [&](Delivery* member) {
    deadLetter(member, DeadLetterReason::kShutdown, shutdown);
    ++abandoned;
  };
  while (Delivery* delivery = popReady()) {
    forEachMember(delivery, abandonOne);  // a retried batch waits as one chain
  }
  while (waiting_ != nullptr) {
    Delivery* delivery = waiting_;
    waiting_ = delivery->wait_next;
    shard_->timers().cancel(&delivery->retry_timer);
    forEachMember(delivery, abandonOne);
  }
  waiting_count_ = 0;
  spec_->metrics.retry_waiting.set(0);
  return abandoned;
}

}  // namespace switchyard::dispatcher
