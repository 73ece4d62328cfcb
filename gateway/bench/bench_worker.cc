#include "gateway/bench/bench_worker.h"

#include <cmath>
#include <utility>

#include "gateway/core/event.h"

namespace switchyard::bench {
namespace {

using dispatcher::HttpClientConnection;
using dispatcher::InvocationResult;

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kReconnectDelayMs = 100;  // closed loop: after a refused connection
constexpr size_t kMaxResponseBody = 64 * 1024;
// A request due just before the end may be sent a wakeup late; it is not "unsent".
constexpr uint64_t kLateGraceNs = 10'000'000;

}  // namespace

struct BenchWorker::Slot {
  BenchWorker* worker = nullptr;
  HttpClientConnection* connection = nullptr;  // nullptr: none yet, or it closed
  bool connected = false;
  bool busy = false;      // a request is assigned (connecting, sending or waiting)
  uint64_t sequence = 0;  // the global sequence number, {{seq}}
  uint64_t due_ns = 0;    // latency is measured from here
  uint64_t sent_ns = 0;
  bool warmup = false;
  TimerEntry timeout;
  TimerEntry retry;
  std::string head;
  std::string body;
};

BenchWorker::BenchWorker(uv_loop_t* loop, WorkerPlan plan, WorkerObserver* observer)
    : loop_(loop),
      plan_(std::move(plan)),
      observer_(observer),
      timers_(loop),
      pacer_(loop, &BenchWorker::onPacer, this),
      random_(plan_.seed * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(plan_.index)),
      next_sequence_(plan_.rate > 0 ? static_cast<uint64_t>(plan_.index) : 0) {}

BenchWorker::~BenchWorker() {
  for (auto& slot : slots_) {
    timers_.cancel(&slot->timeout);
    timers_.cancel(&slot->retry);
    if (slot->connection != nullptr) {
      slot->connection->close();
    }
  }
  timers_.close();
}

void BenchWorker::start() {
  current_.clear(secondOf(plan_.start_ns));
  if (plan_.collect_ids) {
    ids_.ids.reserve(plan_.expected_ids);
  }
  uv_timer_init(loop_, second_timer_.get());
  second_timer_.markInitialized();
  second_timer_.get()->data = this;
  armSecondTimer();
  size_t slot_count = static_cast<size_t>(plan_.connections);
  slots_.reserve(slot_count);
  idle_.reserve(slot_count);
  if (plan_.rate <= 0) {
    for (size_t i = 0; i < slot_count; ++i) {
      slots_.push_back(std::make_unique<Slot>());
    }
  }
  for (auto& slot : slots_) {
    slot->worker = this;
  }
  if (Status opened = pacer_.open(); !opened.ok() || slot_count == 0) {
    stopSending(uv_hrtime());  // nothing to do (no connections), or no timer to pace with
    maybeFinish();
    return;
  }
  pacer_.armAt(plan_.start_ns);
}

void BenchWorker::requestStop() {
  stopSending(uv_hrtime());
  maybeFinish();
}

void BenchWorker::onPacer(void* context) {
  auto* self = static_cast<BenchWorker*>(context);
  uint64_t now = uv_hrtime();
  if (self->plan_.rate > 0) {
    self->dispatchDue(now);
  } else if (!self->sending_done_) {
    for (auto& slot : self->slots_) {
      self->startNextClosedLoop(slot.get(), now);
    }
  }
  self->maybeFinish();
}

void BenchWorker::dispatchDue(uint64_t now) {
  advanceTo(now);
  // A connection that fails synchronously ends its request inside assign(), which comes back
  // here: the outer loop already covers that, so the nested call returns at once.
  if (sending_done_ || dispatching_) {
    return;
  }
  if (plan_.end_ns != 0 && now >= plan_.end_ns + kLateGraceNs) {
    stopSending(now);  // what is still waiting for a connection stays unsent
    return;
  }
  dispatching_ = true;
  while (next_sequence_ < plan_.limit) {
    uint64_t due = dueAt(next_sequence_);
    if (plan_.end_ns != 0 && due >= plan_.end_ns) {
      plan_.limit = next_sequence_;  // the schedule ends with the duration
      break;
    }
    if (due > now) {
      pacer_.armAt(due);
      break;
    }
    Slot* slot = nullptr;
    if (!idle_.empty()) {
      slot = idle_.back();
      idle_.pop_back();
    } else if (slots_.size() < static_cast<size_t>(plan_.connections)) {
      slots_.push_back(std::make_unique<Slot>());
      slot = slots_.back().get();
      slot->worker = this;
    } else {
      break;  // every connection is busy: the backlog waits, and its wait is measured
    }
    uint64_t sequence = next_sequence_;
    next_sequence_ += static_cast<uint64_t>(plan_.workers);
    assign(slot, sequence, due, sequence < plan_.first_measured);
  }
  dispatching_ = false;
  if (next_sequence_ >= plan_.limit) {
    stopSending(now);
  }
}

void BenchWorker::startNextClosedLoop(Slot* slot, uint64_t now) {
  if (sending_done_ || slot->busy) {
    return;
  }
  if (plan_.end_ns != 0 && now >= plan_.end_ns) {
    stopSending(now);
    return;
  }
  bool warmup = now < plan_.measure_start_ns;
  if (!warmup) {
    if (measured_started_ >= plan_.limit) {
      stopSending(now);
      return;
    }
    ++measured_started_;
  }
  uint64_t sequence =
      next_sequence_++ * static_cast<uint64_t>(plan_.workers) + static_cast<uint64_t>(plan_.index);
  assign(slot, sequence, now, warmup);
}

void BenchWorker::assign(Slot* slot, uint64_t sequence, uint64_t due_ns, bool warmup) {
  slot->busy = true;
  slot->sequence = sequence;
  slot->due_ns = due_ns;
  slot->warmup = warmup;
  ++in_flight_;
  ++(warmup ? current_.warmup_sent : current_.sent);
  slot->timeout.setCallback(&BenchWorker::onTimeout, slot);
  timers_.scheduleAfter(&slot->timeout, plan_.timeout_ms);
  if (slot->connection != nullptr && slot->connected) {
    send(slot);
    return;
  }
  if (slot->connection == nullptr) {
    slot->connected = false;
    slot->connection = new HttpClientConnection(loop_, this);  // frees itself once closed
    slot->connection->user_data = slot;
    slot->connection->connect(reinterpret_cast<const sockaddr*>(&plan_.address));
  }
}

void BenchWorker::send(Slot* slot) {
  slot->sent_ns = uv_hrtime();
  slot->body.clear();
  plan_.target->appendBody(slot->body, *plan_.payload, slot->sequence, random_,
                           plan_.payload->usesTime() ? unixMicrosNow() : 0);
  slot->head.clear();
  plan_.target->appendRequestHead(slot->head, slot->body.size());
  slot->connection->send(slot->head, slot->body, true, kMaxResponseBody);
}

void BenchWorker::onConnected(HttpClientConnection* connection) noexcept {
  auto* slot = static_cast<Slot*>(connection->user_data);
  slot->connected = true;
  if (slot->busy) {
    send(slot);
  }
}

void BenchWorker::onRequestDone(HttpClientConnection* connection, InvocationResult&& result,
                                bool reusable) noexcept {
  auto* slot = static_cast<Slot*>(connection->user_data);
  uint64_t now = uv_hrtime();
  advanceTo(now);
  timers_.cancel(&slot->timeout);
  bool connect_failed = result.transport == InvocationResult::Transport::kConnectFailed;
  int accepted = plan_.target->judge(result, plan_.collect_ids ? &ids_ : nullptr);
  if (slot->warmup) {
    ++current_.warmup_done;
  } else {
    if (result.transport == InvocationResult::Transport::kResponse) {
      current_.latency.record(static_cast<int64_t>(now - slot->due_ns) / 1000);
      current_.service.record(static_cast<int64_t>(now - slot->sent_ns) / 1000);
    }
    if (accepted > 0) {
      current_.accepted += static_cast<uint64_t>(accepted);
    } else if (result.transport == InvocationResult::Transport::kResponse) {
      current_.recordRejected(result.status);
    } else {
      current_.recordFailed(result.transport);
    }
  }
  if (reusable) {
    connection->recycle(std::move(result));
  } else {
    slot->connection = nullptr;  // already closing
    slot->connected = false;
  }
  requestEnded(slot, now, connect_failed);
}

void BenchWorker::onIdleClosed(HttpClientConnection* connection) noexcept {
  auto* slot = static_cast<Slot*>(connection->user_data);
  slot->connection = nullptr;
  slot->connected = false;
}

void BenchWorker::onTimeout(void* context) {
  auto* slot = static_cast<Slot*>(context);
  BenchWorker* self = slot->worker;
  uint64_t now = uv_hrtime();
  self->advanceTo(now);
  if (slot->connection != nullptr) {
    slot->connection->close();  // a late answer could not be told apart from the next one's
    slot->connection = nullptr;
    slot->connected = false;
  }
  if (slot->warmup) {
    ++self->current_.warmup_done;
  } else {
    self->current_.recordFailed(InvocationResult::Transport::kTimeout);
  }
  self->requestEnded(slot, now, false);
}

void BenchWorker::onRetry(void* context) {
  auto* slot = static_cast<Slot*>(context);
  BenchWorker* self = slot->worker;
  self->startNextClosedLoop(slot, uv_hrtime());
  self->maybeFinish();
}

void BenchWorker::requestEnded(Slot* slot, uint64_t now, bool connect_failed) {
  slot->busy = false;
  --in_flight_;
  if (plan_.rate > 0) {
    idle_.push_back(slot);
    dispatchDue(now);
  } else if (connect_failed && !sending_done_) {
    // Not at once: against a closed port that would spin as fast as connect() fails.
    slot->retry.setCallback(&BenchWorker::onRetry, slot);
    timers_.scheduleAfter(&slot->retry, kReconnectDelayMs);
  } else {
    startNextClosedLoop(slot, now);
  }
  maybeFinish();
}

void BenchWorker::stopSending(uint64_t now) {
  if (sending_done_) {
    return;
  }
  sending_done_ = true;
  pacer_.disarm();
  if (plan_.rate > 0 && next_sequence_ < plan_.limit) {
    // Requests that were due but never got a connection: the target could not keep up.
    uint64_t until = plan_.end_ns != 0 ? std::min(now, plan_.end_ns) : now;
    if (until >= plan_.start_ns) {
      // Global sequence numbers due strictly before `until`, this worker's among them.
      auto due_before = static_cast<uint64_t>(
          std::ceil(static_cast<double>(until - plan_.start_ns) * plan_.rate / kNanosPerSecond));
      due_before = std::min(due_before, plan_.limit);
      auto workers = static_cast<uint64_t>(plan_.workers);
      if (due_before > next_sequence_) {
        current_.unsent += (due_before - next_sequence_ + workers - 1) / workers;
      }
    }
  }
}

void BenchWorker::maybeFinish() {
  if (finished_ || !sending_done_ || in_flight_ > 0) {
    return;
  }
  finished_ = true;
  for (auto& slot : slots_) {
    timers_.cancel(&slot->retry);
    if (slot->connection != nullptr) {
      slot->connection->close();
      slot->connection = nullptr;
    }
  }
  pacer_.close();
  second_timer_.close();
  timers_.close();
  advanceTo(uv_hrtime());
  observer_->onFinished(plan_.index, std::make_unique<IntervalStats>(current_), std::move(ids_));
}

void BenchWorker::advanceTo(uint64_t now) {
  int64_t second = secondOf(now);
  while (current_.second < second) {
    observer_->onSecond(plan_.index, std::make_unique<IntervalStats>(current_));
    current_.clear(current_.second + 1);
  }
}

void BenchWorker::onSecondTimer(uv_timer_t* timer) {
  auto* self = static_cast<BenchWorker*>(timer->data);
  self->advanceTo(uv_hrtime());
  self->armSecondTimer();
}

void BenchWorker::armSecondTimer() {
  uint64_t now = uv_hrtime();
  int64_t next_boundary =
      static_cast<int64_t>(plan_.measure_start_ns) + (secondOf(now) + 1) * kNanosPerSecond;
  int64_t delay_ns = next_boundary - static_cast<int64_t>(now);
  // uv timers count whole milliseconds of the loop's cached clock: round up, plus one.
  auto delay_ms = static_cast<uint64_t>(delay_ns / 1'000'000 + 1);
  uv_timer_start(second_timer_.get(), &BenchWorker::onSecondTimer, delay_ms, 0);
}

uint64_t BenchWorker::dueAt(uint64_t sequence) const {
  return plan_.start_ns + static_cast<uint64_t>(std::llround(static_cast<double>(sequence) *
                                                             kNanosPerSecond / plan_.rate));
}

int64_t BenchWorker::secondOf(uint64_t ns) const {
  int64_t offset = static_cast<int64_t>(ns) - static_cast<int64_t>(plan_.measure_start_ns);
  return offset >= 0 ? offset / kNanosPerSecond
                     : -((-offset + kNanosPerSecond - 1) / kNanosPerSecond);
}

}  // namespace switchyard::bench
