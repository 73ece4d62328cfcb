#include "gateway/core/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <thread>
#include <vector>

namespace switchyard::metrics {
namespace {

int64_t boundMicros(size_t bucket) {
  return std::llround(Histogram::kBucketsSeconds[bucket] * 1e6);
}

TEST(Histogram, ValueOnABucketBoundLandsInThatBucket) {
  const size_t buckets = Histogram::kBucketsSeconds.size();
  for (size_t i = 0; i < buckets; ++i) {
    Histogram histogram;
    histogram.observeMicros(boundMicros(i));
    for (size_t j = 0; j <= buckets; ++j) {
      EXPECT_EQ(histogram.cumulative(j), j >= i ? 1u : 0u) << "bound " << i << ", bucket " << j;
    }
  }
}

TEST(Histogram, ValueJustAboveABoundLandsInTheNextBucket) {
  const size_t buckets = Histogram::kBucketsSeconds.size();
  for (size_t i = 0; i < buckets; ++i) {
    Histogram histogram;
    histogram.observeMicros(boundMicros(i) + 1);
    EXPECT_EQ(histogram.cumulative(i), 0u) << "bound " << i;
    EXPECT_EQ(histogram.cumulative(i + 1), 1u) << "bound " << i;
  }
}

TEST(Histogram, ValuesPastTheLastBoundCountOnlyInInfinity) {
  Histogram histogram;
  histogram.observeMicros(60'000'001);
  histogram.observeMicros(3'600'000'000);
  const size_t last = Histogram::kBucketsSeconds.size() - 1;
  EXPECT_EQ(histogram.cumulative(last), 0u);
  EXPECT_EQ(histogram.cumulative(last + 1), 2u);
  EXPECT_EQ(histogram.count(), 2u);
}

TEST(Histogram, CumulativeCountsNeverDecreaseAndEndAtTheTotal) {
  Histogram histogram;
  const int64_t samples[] = {0,     1,      499,       500,       501,        999,       1000,
                             4'000, 70'000, 2'000'000, 9'999'999, 45'000'000, 90'000'000};
  for (int64_t micros : samples) {
    histogram.observeMicros(micros);
  }
  const size_t buckets = Histogram::kBucketsSeconds.size();
  EXPECT_EQ(histogram.cumulative(0), 4u);  // 0, 1, 499, 500 are <= 0.5 ms
  EXPECT_EQ(histogram.cumulative(1), 7u);  // + 501, 999, 1000
  for (size_t i = 1; i <= buckets; ++i) {
    EXPECT_GE(histogram.cumulative(i), histogram.cumulative(i - 1));
  }
  EXPECT_EQ(histogram.cumulative(buckets), std::size(samples));
  EXPECT_EQ(histogram.cumulative(buckets + 5), std::size(samples)) << "past the end clamps";
  EXPECT_EQ(histogram.count(), std::size(samples));
  int64_t total = 0;
  for (int64_t micros : samples) {
    total += micros;
  }
  EXPECT_DOUBLE_EQ(histogram.sumSeconds(), static_cast<double>(total) / 1e6);
}

TEST(Histogram, NegativeDurationCountsInTheFirstBucketAndAddsNothingToTheSum) {
  Histogram histogram;
  histogram.observeMicros(-5);
  EXPECT_EQ(histogram.cumulative(0), 1u);
  EXPECT_EQ(histogram.count(), 1u);
  EXPECT_EQ(histogram.sumSeconds(), 0.0);
}

TEST(Counter, AddsAndGaugeSetsAndAdds) {
  Counter counter;
  counter.add();
  counter.add(41);
  EXPECT_EQ(counter.value(), 42u);
  Gauge gauge;
  gauge.set(10);
  gauge.add(-15);
  EXPECT_EQ(gauge.value(), -5);
}

// Shard threads write their own cells; threads without a shard (and shards past the counter's
// size) share the atomic fallback cell. Every increment is counted.
TEST(ShardedCounter, SumsIncrementsFromShardAndOtherThreads) {
  constexpr int kShards = 4;
  constexpr uint64_t kPerThread = 100'000;
  ShardedCounter counter(kShards);
  std::vector<std::thread> threads;
  for (int shard = 0; shard < kShards; ++shard) {
    threads.emplace_back([&, shard] {
      setCurrentShard(shard);
      for (uint64_t i = 0; i < kPerThread; ++i) {
        counter.add();
      }
    });
  }
  for (int other = 0; other < 2; ++other) {
    threads.emplace_back([&] {
      EXPECT_EQ(currentShard(), -1);
      for (uint64_t i = 0; i < kPerThread; ++i) {
        counter.add(2);
      }
    });
  }
  threads.emplace_back([&] {
    setCurrentShard(kShards + 3);  // a shard this counter has no cell for
    for (uint64_t i = 0; i < kPerThread; ++i) {
      counter.add();
    }
  });
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(counter.value(), kShards * kPerThread + 2 * 2 * kPerThread + kPerThread);
}

TEST(ShardedCounter, CurrentShardIsPerThread) {
  setCurrentShard(3);
  int seen_elsewhere = 0;
  std::thread([&] { seen_elsewhere = currentShard(); }).join();
  EXPECT_EQ(currentShard(), 3);
  EXPECT_EQ(seen_elsewhere, -1);
  setCurrentShard(-1);
}

}  // namespace
}  // namespace switchyard::metrics
