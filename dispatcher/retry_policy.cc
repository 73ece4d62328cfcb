#include "dispatcher/retry_policy.h"

#include <algorithm>

namespace switchyard::dispatcher {

RetryPolicy::RetryPolicy(const config::RetryConfig& config)
    : attempts_(std::max(1, config.attempts)),
      base_ms_(std::max<int64_t>(1, config.backoff_base.count())),
      cap_ms_(std::max<int64_t>(config.backoff_base.count(), config.backoff_cap.count())),
      max_age_ms_(config.max_age.count()) {}

int64_t RetryPolicy::ceilingMs(int retry) const {
  int64_t ceiling = base_ms_;
  for (int i = 1; i < retry && ceiling < cap_ms_; ++i) {
    ceiling = ceiling > cap_ms_ / 2 ? cap_ms_ : ceiling * 2;  // saturates: cannot overflow
  }
  return std::min(ceiling, cap_ms_);
}

RetryPolicy::Decision RetryPolicy::next(int attempt, int64_t event_age_ms, Random& random) const {
  if (attempt >= attempts_) {
    return {Decision::Kind::kAttemptsExhausted};
  }
  // Full jitter: uniform in [0, ceiling]. Spreads retries of a burst that failed together.
  int64_t delay = static_cast<int64_t>(random.below(static_cast<uint64_t>(ceilingMs(attempt)) + 1));
  if (max_age_ms_ > 0 && event_age_ms + delay > max_age_ms_) {
    return {Decision::Kind::kEventTooOld};
  }
  return {Decision::Kind::kRetry, delay};
}

}  // namespace switchyard::dispatcher
