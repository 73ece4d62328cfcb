#include "gateway/bench/precise_timer.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace switchyard::bench {

PreciseTimer::PreciseTimer(uv_loop_t* loop, Callback callback, void* context)
    : loop_(loop), callback_(callback), context_(context) {}

Status PreciseTimer::open() {
  fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd_ < 0) {
    return makeError(Errc::kInternal, std::string("timerfd_create: ") + std::strerror(errno));
  }
  if (int rc = uv_poll_init(loop_, poll_.get(), fd_); rc != 0) {
    return makeError(Errc::kInternal, std::string("uv_poll_init: ") + uv_strerror(rc));
  }
  poll_.markInitialized();
  poll_.get()->data = this;
  uv_poll_start(poll_.get(), UV_READABLE, &PreciseTimer::onReadable);
  return {};
}

void PreciseTimer::armAt(uint64_t deadline_ns) {
  itimerspec spec{};
  // A zero it_value would disarm: a deadline in the past fires at the next nanosecond instead.
  deadline_ns = deadline_ns == 0 ? 1 : deadline_ns;
  spec.it_value.tv_sec = static_cast<time_t>(deadline_ns / 1'000'000'000);
  spec.it_value.tv_nsec = static_cast<long>(deadline_ns % 1'000'000'000);
  ::timerfd_settime(fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void PreciseTimer::disarm() {
  itimerspec spec{};
  ::timerfd_settime(fd_, 0, &spec, nullptr);
}

void PreciseTimer::onReadable(uv_poll_t* poll, int status, int /*events*/) {
  auto* timer = static_cast<PreciseTimer*>(poll->data);
  uint64_t expirations = 0;
  if (status < 0 || ::read(timer->fd_, &expirations, sizeof(expirations)) !=
                        static_cast<ssize_t>(sizeof(expirations))) {
    return;  // re-armed after it became readable: nothing is due yet
  }
  timer->callback_(timer->context_);
}

void PreciseTimer::close() {
  if (fd_ < 0) {
    return;
  }
  // uv_close stops watching the descriptor at once, so it can be closed right after.
  poll_.close();
  ::close(fd_);
  fd_ = -1;
}

}  // namespace switchyard::bench
