#include "gateway/core/loop_timers.h"

#include "gateway/core/assert.h"

namespace switchyard {

LoopTimers::LoopTimers(uv_loop_t* loop) : loop_(loop), wheel_(static_cast<int64_t>(uv_now(loop))) {
  SY_ASSERT(uv_timer_init(loop, timer_.get()) == 0);
  timer_.markInitialized();
  timer_.get()->data = this;
}

LoopTimers::~LoopTimers() { close(); }

void LoopTimers::close() { timer_.close(); }

void LoopTimers::scheduleAt(TimerEntry* entry, int64_t deadline_ms) {
  if (wheel_.size() == 0) {
    wheel_.advance(now());  // an idle wheel jumps straight to the present
  }
  wheel_.schedule(entry, deadline_ms);
  if (!firing_ && deadline_ms < armed_for_) {
    rearm();
  }
}

void LoopTimers::rearm() {
  if (timer_.get() == nullptr) {
    return;  // closed: shutting down
  }
  int64_t next = wheel_.nextWakeup();
  armed_for_ = next;
  if (next == TimerWheel::kNever) {
    uv_timer_stop(timer_.get());
    return;
  }
  int64_t delay = next - now();
  uv_timer_start(timer_.get(), &LoopTimers::onTimer, static_cast<uint64_t>(delay > 0 ? delay : 0),
                 0);
}

void LoopTimers::onTimer(uv_timer_t* timer) {
  auto* self = static_cast<LoopTimers*>(timer->data);
  self->armed_for_ = TimerWheel::kNever;
  self->firing_ = true;  // callbacks reschedule freely; one rearm afterwards covers them all
  self->wheel_.advance(self->now());
  self->firing_ = false;
  self->rearm();
}

}  // namespace switchyard
