#include "gateway/core/latency_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace switchyard {
namespace {

double relativeError(int64_t reported, int64_t actual) {
  return std::abs(static_cast<double>(reported - actual)) / static_cast<double>(actual);
}

TEST(LatencyHistogram, EveryValueFrom1usTo60sIsReportedWithin1Percent) {
  // Every value below 2^16, then geometric steps of 0.1% up to the top. The value sits between
  // a smaller and a larger one, so the exact min and max do not hide the bucket's error.
  auto check = [](int64_t value) {
    LatencyHistogram histogram;
    histogram.record(0);
    histogram.recordCount(value, 3);
    histogram.record(LatencyHistogram::kMaxMicros);
    int64_t reported = histogram.percentile(50);
    ASSERT_LE(relativeError(reported, value), 0.01)
        << "value " << value << " reported " << reported;
  };
  for (int64_t value = 1; value < 65'536; ++value) {
    check(value);
  }
  for (double value = 65'536; value <= LatencyHistogram::kMaxMicros; value *= 1.001) {
    check(static_cast<int64_t>(value));
  }
}

TEST(LatencyHistogram, BucketsTileTheRangeWithoutGapsAndStayNarrow) {
  for (size_t i = 1; i < LatencyHistogram::kBucketCount; ++i) {
    ASSERT_EQ(LatencyHistogram::bucketLow(i), LatencyHistogram::bucketHigh(i - 1) + 1) << i;
    double width =
        static_cast<double>(LatencyHistogram::bucketHigh(i) - LatencyHistogram::bucketLow(i) + 1);
    // Below 128 µs every value has its own bucket; above, a bucket is at most 1/128 of its low.
    double limit = i < 128 ? 1.0 : static_cast<double>(LatencyHistogram::bucketLow(i)) / 128;
    ASSERT_LE(width, limit) << i;
    ASSERT_EQ(LatencyHistogram::bucketIndex(LatencyHistogram::bucketLow(i)), i);
    ASSERT_EQ(LatencyHistogram::bucketIndex(LatencyHistogram::bucketHigh(i)), i);
  }
  EXPECT_LT(LatencyHistogram::bucketIndex(LatencyHistogram::kMaxMicros),
            LatencyHistogram::kBucketCount);
}

TEST(LatencyHistogram, PercentilesOfAUniformDistribution) {
  LatencyHistogram histogram;
  for (int64_t value = 1; value <= 100'000; ++value) {
    histogram.record(value);
  }
  EXPECT_EQ(histogram.count(), 100'000u);
  EXPECT_EQ(histogram.min(), 1);
  EXPECT_EQ(histogram.max(), 100'000);
  EXPECT_NEAR(histogram.mean(), 50'000.5, 0.01);
  for (double p : {1.0, 10.0, 50.0, 90.0, 99.0, 99.9}) {
    auto expected = static_cast<int64_t>(p * 1000);
    EXPECT_LE(relativeError(histogram.percentile(p), expected), 0.01) << "p" << p;
  }
  EXPECT_EQ(histogram.percentile(100), 100'000);
}

TEST(LatencyHistogram, PercentilesOfAnExponentialDistribution) {
  std::mt19937_64 random(42);
  std::exponential_distribution<double> distribution(1.0 / 2000);  // mean 2 ms
  LatencyHistogram histogram;
  std::vector<int64_t> values;
  for (int i = 0; i < 200'000; ++i) {
    auto value = static_cast<int64_t>(distribution(random)) + 1;
    values.push_back(value);
    histogram.record(value);
  }
  std::sort(values.begin(), values.end());
  for (double p : {50.0, 90.0, 99.0, 99.9}) {
    int64_t exact = values[static_cast<size_t>(std::ceil(p / 100 * values.size())) - 1];
    EXPECT_LE(relativeError(histogram.percentile(p), exact), 0.01) << "p" << p;
  }
}

TEST(LatencyHistogram, MergeEqualsRecordingEverythingInOne) {
  LatencyHistogram all;
  LatencyHistogram low;
  LatencyHistogram high;
  for (int64_t value = 10; value < 5'000; value += 7) {
    all.record(value);
    low.record(value);
  }
  for (int64_t value = 20'000; value < 9'000'000; value += 9'973) {
    all.record(value);
    high.record(value);
  }
  LatencyHistogram merged;
  merged.merge(low);
  merged.merge(high);
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_EQ(merged.min(), 10);
  EXPECT_EQ(merged.max(), all.max());
  EXPECT_DOUBLE_EQ(merged.mean(), all.mean());
  for (double p : {0.0, 25.0, 50.0, 75.0, 99.0, 100.0}) {
    EXPECT_EQ(merged.percentile(p), all.percentile(p)) << "p" << p;
  }
  EXPECT_EQ(merged.nonEmptyBuckets().size(), all.nonEmptyBuckets().size());
}

TEST(LatencyHistogram, OutOfRangeValuesAreClampedAndCounted) {
  LatencyHistogram histogram;
  histogram.record(-5);
  histogram.record(0);
  histogram.record(LatencyHistogram::kMaxMicros * 3);
  EXPECT_EQ(histogram.count(), 3u);
  EXPECT_EQ(histogram.overflow(), 1u);
  EXPECT_EQ(histogram.min(), 0);
  EXPECT_EQ(histogram.max(), LatencyHistogram::kMaxMicros * 3);  // the exact maximum is kept
  EXPECT_EQ(histogram.percentile(10), 0);
  EXPECT_LE(histogram.percentile(99), LatencyHistogram::kMaxMicros);
}

TEST(LatencyHistogram, NonEmptyBucketsListCountsInOrder) {
  LatencyHistogram histogram;
  histogram.recordCount(5, 3);
  histogram.record(1'000);
  histogram.record(1'001);  // same bucket as 1000 (8 µs wide there)
  histogram.record(2'000'000);
  std::vector<LatencyHistogram::Bucket> buckets = histogram.nonEmptyBuckets();
  ASSERT_EQ(buckets.size(), 3u);
  EXPECT_EQ(buckets[0].low_micros, 5);
  EXPECT_EQ(buckets[0].count, 3u);
  EXPECT_LE(buckets[1].low_micros, 1'000);
  EXPECT_GE(buckets[1].high_micros, 1'001);
  EXPECT_EQ(buckets[1].count, 2u);
  EXPECT_EQ(buckets[2].count, 1u);
  EXPECT_TRUE(LatencyHistogram().nonEmptyBuckets().empty());
  EXPECT_EQ(LatencyHistogram().percentile(50), 0);
}

}  // namespace
}  // namespace switchyard
