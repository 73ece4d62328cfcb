#pragma once

#include <uv.h>

#include "gateway/core/timer_wheel.h"
#include "gateway/core/uv_handle.h"

namespace switchyard {

// A TimerWheel driven by one uv timer on a loop: the loop wakes only for the earliest deadline.
// Time is the loop's cached monotonic clock (uv_now), in milliseconds.
//
// NOTE: thread-confined to the loop's thread. close() before the loop stops.
class LoopTimers {
 public:
  explicit LoopTimers(uv_loop_t* loop);
  ~LoopTimers();
  LoopTimers(const LoopTimers&) = delete;
  LoopTimers& operator=(const LoopTimers&) = delete;

  int64_t now() const { return static_cast<int64_t>(uv_now(loop_)); }
  void scheduleAt(TimerEntry* entry, int64_t deadline_ms);
  void scheduleAfter(TimerEntry* entry, int64_t delay_ms) { scheduleAt(entry, now() + delay_ms); }
  void cancel(TimerEntry* entry) { wheel_.cancel(entry); }
  size_t pending() const { return wheel_.size(); }
  void close();

 private:
  static void onTimer(uv_timer_t* timer);
  void rearm();

  uv_loop_t* loop_;
  TimerWheel wheel_;
  UvHandle<uv_timer_t> timer_;
  int64_t armed_for_ = TimerWheel::kNever;
  bool firing_ = false;
};

}  // namespace switchyard
