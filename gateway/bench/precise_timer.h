#pragma once

#include <uv.h>

#include <cstdint>

#include "gateway/core/result.h"
#include "gateway/core/uv_handle.h"

namespace switchyard::bench {

// A one-shot timer with nanosecond deadlines on a loop (a timerfd watched by uv_poll). libuv's
// own timers have millisecond resolution, which would add up to a millisecond of false latency to
// every request of an open-loop schedule; this wakes the loop within microseconds of the time a
// request is due. Deadlines are uv_hrtime() values (CLOCK_MONOTONIC, as the timerfd's).
//
// NOTE: thread-confined to its loop. close() (or destroy) before the loop stops.
class PreciseTimer {
 public:
  using Callback = void (*)(void* context);

  PreciseTimer(uv_loop_t* loop, Callback callback, void* context);
  ~PreciseTimer() { close(); }
  PreciseTimer(const PreciseTimer&) = delete;
  PreciseTimer& operator=(const PreciseTimer&) = delete;

  Status open();
  // Fires once at `deadline_ns` (at once if it has passed); replaces an earlier arming.
  void armAt(uint64_t deadline_ns);
  void disarm();
  void close();

 private:
  static void onReadable(uv_poll_t* poll, int status, int events);

  uv_loop_t* loop_;
  Callback callback_;
  void* context_;
  int fd_ = -1;
  UvHandle<uv_poll_t> poll_;
};

}  // namespace switchyard::bench
