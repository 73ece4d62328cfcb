#include "dispatcher/retry_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

#include "gateway/config/config.h"
#include "gateway/core/random.h"

namespace switchyard::dispatcher {
namespace {

using Kind = RetryPolicy::Decision::Kind;

config::RetryConfig retryConfig(int attempts, int64_t base_ms, int64_t cap_ms,
                                int64_t max_age_ms = 6 * 3'600'000) {
  config::RetryConfig config;
  config.attempts = attempts;
  config.backoff_base = config::Duration{base_ms};
  config.backoff_cap = config::Duration{cap_ms};
  config.max_age = config::Duration{max_age_ms};
  return config;
}

// min(cap, base * 2^(retry-1)), computed without any chance of overflow.
int64_t expectedCeiling(int64_t base_ms, int64_t cap_ms, int retry) {
  __extension__ using Wide = __int128;
  Wide ceiling = base_ms;
  for (int i = 1; i < retry && ceiling < cap_ms; ++i) {
    ceiling *= 2;
  }
  return static_cast<int64_t>(std::min<Wide>(ceiling, cap_ms));
}

TEST(RetryPolicy, CeilingDoublesFromTheBaseUntilItReachesTheCap) {
  const RetryPolicy policy(retryConfig(100, 200, 30'000));
  const int64_t expected[] = {200, 400, 800, 1600, 3200, 6400, 12'800, 25'600, 30'000, 30'000};
  for (int retry = 1; retry <= 10; ++retry) {
    EXPECT_EQ(policy.ceilingMs(retry), expected[retry - 1]) << "retry " << retry;
  }
}

TEST(RetryPolicy, CeilingIsTheCapWhenTheCapIsNotAPowerOfTwoTimesTheBase) {
  const RetryPolicy policy(retryConfig(100, 100, 250));
  EXPECT_EQ(policy.ceilingMs(1), 100);
  EXPECT_EQ(policy.ceilingMs(2), 200);
  EXPECT_EQ(policy.ceilingMs(3), 250);
  EXPECT_EQ(policy.ceilingMs(50), 250);
}

TEST(RetryPolicy, CapBelowTheBaseIsRaisedToTheBase) {
  const RetryPolicy policy(retryConfig(10, 500, 100));
  EXPECT_EQ(policy.ceilingMs(1), 500);
  EXPECT_EQ(policy.ceilingMs(5), 500);
}

TEST(RetryPolicy, EveryDelayIsWithinZeroAndTheCeiling) {
  const int64_t base = 50;
  const int64_t cap = 60'000;
  const RetryPolicy policy(retryConfig(40, base, cap, 0));
  Random random(7);
  for (int attempt = 1; attempt < 40; ++attempt) {
    const int64_t ceiling = expectedCeiling(base, cap, attempt);
    ASSERT_EQ(policy.ceilingMs(attempt), ceiling) << "attempt " << attempt;
    for (int sample = 0; sample < 2000; ++sample) {
      const RetryPolicy::Decision decision = policy.next(attempt, 0, random);
      ASSERT_EQ(decision.kind, Kind::kRetry);
      ASSERT_GE(decision.delay_ms, 0);
      ASSERT_LE(decision.delay_ms, ceiling) << "attempt " << attempt;
    }
  }
}

TEST(RetryPolicy, AttemptOneThousandNeitherOverflowsNorExceedsTheCap) {
  const RetryPolicy policy(retryConfig(5000, 1, 30'000, 0));
  EXPECT_EQ(policy.ceilingMs(1000), 30'000);
  EXPECT_EQ(policy.ceilingMs(std::numeric_limits<int>::max()), 30'000);
  Random random(1000);
  for (int sample = 0; sample < 1000; ++sample) {
    const RetryPolicy::Decision decision = policy.next(1000, 0, random);
    ASSERT_EQ(decision.kind, Kind::kRetry);
    ASSERT_GE(decision.delay_ms, 0);
    ASSERT_LE(decision.delay_ms, 30'000);
  }
}

// A cap past INT64_MAX / 2 is accepted by the config parser ("1ms..4611686018427387905ms"): the
// doubling must stop at the cap instead of overflowing.
TEST(RetryPolicy, CeilingDoesNotOverflowWithAHugeCap) {
  const int64_t huge_cap = std::numeric_limits<int64_t>::max() / 2 + 2;
  const RetryPolicy policy(retryConfig(5000, 1, huge_cap, 0));
  EXPECT_EQ(policy.ceilingMs(62), int64_t{1} << 61);
  EXPECT_EQ(policy.ceilingMs(63), int64_t{1} << 62);
  EXPECT_EQ(policy.ceilingMs(64), huge_cap);
  EXPECT_EQ(policy.ceilingMs(1000), huge_cap);
  const RetryPolicy biggest(retryConfig(5000, 3, std::numeric_limits<int64_t>::max(), 0));
  EXPECT_EQ(biggest.ceilingMs(1000), std::numeric_limits<int64_t>::max());
  Random random(64);
  for (int attempt : {63, 64, 65, 1000}) {
    for (int sample = 0; sample < 100; ++sample) {
      const RetryPolicy::Decision decision = policy.next(attempt, 0, random);
      ASSERT_EQ(decision.kind, Kind::kRetry);
      ASSERT_GE(decision.delay_ms, 0) << "attempt " << attempt;
      ASSERT_LE(decision.delay_ms, huge_cap) << "attempt " << attempt;
    }
  }
}

TEST(RetryPolicy, AttemptsAreExhaustedAtTheMaximum) {
  const RetryPolicy policy(retryConfig(3, 100, 1000));
  Random random(3);
  EXPECT_EQ(policy.maxAttempts(), 3);
  EXPECT_EQ(policy.next(1, 0, random).kind, Kind::kRetry);
  EXPECT_EQ(policy.next(2, 0, random).kind, Kind::kRetry);
  EXPECT_EQ(policy.next(3, 0, random).kind, Kind::kAttemptsExhausted);
  EXPECT_EQ(policy.next(4, 0, random).kind, Kind::kAttemptsExhausted);
}

TEST(RetryPolicy, OneAttemptMeansNoRetries) {
  Random random(1);
  const RetryPolicy once(retryConfig(1, 100, 1000));
  EXPECT_EQ(once.next(1, 0, random).kind, Kind::kAttemptsExhausted);
  const RetryPolicy zero(retryConfig(0, 100, 1000));  // clamped to one attempt
  EXPECT_EQ(zero.maxAttempts(), 1);
  EXPECT_EQ(zero.next(1, 0, random).kind, Kind::kAttemptsExhausted);
}

TEST(RetryPolicy, EventOlderThanMaxAgeIsNotRetried) {
  const RetryPolicy policy(retryConfig(10, 100, 1000, 60'000));
  Random random(11);
  EXPECT_EQ(policy.next(1, 60'001, random).kind, Kind::kEventTooOld);
  EXPECT_EQ(policy.next(1, 10 * 60'000, random).kind, Kind::kEventTooOld);
}

TEST(RetryPolicy, RetryWhoseDelayWouldPassMaxAgeIsNotScheduled) {
  // Ceiling for the first retry is 100 ms: at age 59'950 some delays fit and some do not, and a
  // retry is granted exactly when age + delay stays within max_age.
  const RetryPolicy policy(retryConfig(10, 100, 1000, 60'000));
  Random random(12);
  int retries = 0;
  int too_old = 0;
  for (int sample = 0; sample < 2000; ++sample) {
    const RetryPolicy::Decision decision = policy.next(1, 59'950, random);
    if (decision.kind == Kind::kRetry) {
      ++retries;
      ASSERT_LE(59'950 + decision.delay_ms, 60'000);
    } else {
      ASSERT_EQ(decision.kind, Kind::kEventTooOld);
      ++too_old;
    }
  }
  EXPECT_GT(retries, 500);
  EXPECT_GT(too_old, 500);
}

TEST(RetryPolicy, YoungEventWithRoomForTheWholeCeilingIsAlwaysRetried) {
  const RetryPolicy policy(retryConfig(10, 100, 1000, 60'000));
  Random random(13);
  for (int sample = 0; sample < 1000; ++sample) {
    ASSERT_EQ(policy.next(4, 59'000, random).kind, Kind::kRetry);  // ceiling 800
  }
}

TEST(RetryPolicy, ExhaustedAttemptsWinOverEventAge) {
  const RetryPolicy policy(retryConfig(2, 100, 1000, 1000));
  Random random(14);
  EXPECT_EQ(policy.next(2, 5000, random).kind, Kind::kAttemptsExhausted);
}

// Full jitter: uniform over [0, ceiling], so the mean is about ceiling / 2 and every tenth of the
// range gets about a tenth of the samples.
TEST(RetryPolicy, DelaysSpreadUniformlyOverTheWholeRange) {
  const RetryPolicy policy(retryConfig(20, 250, 30'000, 0));
  Random random(20240611);
  constexpr int kSamples = 50'000;
  const int attempt = 5;
  const int64_t ceiling = policy.ceilingMs(attempt);
  ASSERT_EQ(ceiling, 4000);
  std::array<int, 10> deciles{};
  double sum = 0;
  int64_t smallest = ceiling;
  int64_t largest = 0;
  for (int sample = 0; sample < kSamples; ++sample) {
    const int64_t delay = policy.next(attempt, 0, random).delay_ms;
    sum += static_cast<double>(delay);
    smallest = std::min(smallest, delay);
    largest = std::max(largest, delay);
    ++deciles[static_cast<size_t>(std::min<int64_t>(9, delay * 10 / (ceiling + 1)))];
  }
  const double mean = sum / kSamples;
  EXPECT_NEAR(mean, ceiling / 2.0, ceiling * 0.02);
  EXPECT_LT(smallest, ceiling / 100);
  EXPECT_GT(largest, ceiling - ceiling / 100);
  for (size_t i = 0; i < deciles.size(); ++i) {
    EXPECT_NEAR(deciles[i], kSamples / 10, kSamples / 10 * 0.1) << "decile " << i;
  }
}

TEST(RetryPolicy, SameSeedGivesTheSameDelays) {
  const RetryPolicy policy(retryConfig(10, 100, 10'000, 0));
  Random first(99);
  Random second(99);
  for (int attempt = 1; attempt < 10; ++attempt) {
    EXPECT_EQ(policy.next(attempt, 0, first).delay_ms, policy.next(attempt, 0, second).delay_ms);
  }
}

}  // namespace
}  // namespace switchyard::dispatcher
