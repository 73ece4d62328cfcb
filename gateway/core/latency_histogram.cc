#include "gateway/core/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace switchyard {

size_t LatencyHistogram::bucketIndex(int64_t micros) noexcept {
  return histogram_layout::bucketIndex(micros, kSubBucketBits, kMaxMicros);
}

int64_t LatencyHistogram::bucketLow(size_t index) noexcept {
  if (index < static_cast<size_t>(kSubBuckets)) {
    return static_cast<int64_t>(index);
  }
  size_t shift = index / kSubBuckets - 1;
  size_t sub_bucket = index % kSubBuckets;
  return static_cast<int64_t>((kSubBuckets + sub_bucket) << shift);
}

int64_t LatencyHistogram::bucketHigh(size_t index) noexcept {
  if (index < static_cast<size_t>(kSubBuckets)) {
    return static_cast<int64_t>(index);
  }
  int64_t width = int64_t{1} << (index / kSubBuckets - 1);
  return bucketLow(index) + width - 1;
}

void LatencyHistogram::recordCount(int64_t micros, uint64_t count) noexcept {
  if (count == 0) {
    return;
  }
  micros = std::max<int64_t>(micros, 0);
  if (count_ == 0) {
    min_ = micros;
    max_ = micros;
  } else {
    min_ = std::min(min_, micros);
    max_ = std::max(max_, micros);
  }
  if (micros > kMaxMicros) {
    overflow_ += count;
  }
  counts_[bucketIndex(micros)] += count;
  count_ += count;
  sum_ += static_cast<double>(std::min(micros, kMaxMicros)) * static_cast<double>(count);
}

void LatencyHistogram::merge(const LatencyHistogram& other) noexcept {
  if (other.count_ == 0) {
    return;
  }
  for (size_t i = 0; i < kBucketCount; ++i) {
    counts_[i] += other.counts_[i];
  }
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  count_ += other.count_;
  overflow_ += other.overflow_;
  sum_ += other.sum_;
}

void LatencyHistogram::reset() noexcept { *this = LatencyHistogram{}; }

double LatencyHistogram::mean() const {
  return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_);
}

int64_t LatencyHistogram::percentile(double percentile) const {
  if (count_ == 0) {
    return 0;
  }
  if (percentile >= 100) {
    return max_;
  }
  // The rank of the value asked for, 1-based; at least the first value.
  double wanted = std::ceil(std::max(percentile, 0.0) / 100.0 * static_cast<double>(count_));
  auto rank = std::max<uint64_t>(1, static_cast<uint64_t>(wanted));
  uint64_t seen = 0;
  for (size_t i = 0; i < kBucketCount; ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      // The midpoint halves the worst-case error; the exact extremes bound it.
      int64_t middle = (bucketLow(i) + bucketHigh(i) + 1) / 2;
      return std::clamp(middle, min_, std::max(min_, std::min(max_, kMaxMicros)));
    }
  }
  return max_;
}

std::vector<LatencyHistogram::Bucket> LatencyHistogram::nonEmptyBuckets() const {
  std::vector<Bucket> buckets;
  for (size_t i = 0; i < kBucketCount; ++i) {
    if (counts_[i] != 0) {
      buckets.push_back({bucketLow(i), bucketHigh(i), counts_[i]});
    }
  }
  return buckets;
}

}  // namespace switchyard
