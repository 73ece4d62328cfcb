#pragma once

#include <cstdint>

#include "gateway/config/config.h"
#include "gateway/core/random.h"

namespace switchyard::dispatcher {

// When to try again after a retryable failure: capped exponential backoff with full jitter (the
// AWS Architecture Blog's "Exponential Backoff and Jitter"), bounded by attempts and event age.
// The one place backoff is computed.
class RetryPolicy {
 public:
  struct Decision {
    enum class Kind { kRetry, kAttemptsExhausted, kEventTooOld };
    Kind kind;
    int64_t delay_ms = 0;  // for kRetry
  };

  explicit RetryPolicy(const config::RetryConfig& config);

  // After attempt number `attempt` (1 = the first try) failed retryably, for an event that is
  // `event_age_ms` old now.
  Decision next(int attempt, int64_t event_age_ms, Random& random) const;

  // The largest delay before retry number `retry` (1-based): min(cap, base * 2^(retry-1)).
  int64_t ceilingMs(int retry) const;

  int maxAttempts() const { return attempts_; }

 private:
  int attempts_;
  int64_t base_ms_;
  int64_t cap_ms_;
  int64_t max_age_ms_;
};

}  // namespace switchyard::dispatcher
