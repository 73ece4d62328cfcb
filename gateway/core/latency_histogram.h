#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace switchyard {
namespace histogram_layout {

// The bucket of a value in microseconds (see LatencyHistogram); constexpr so that the bucket
// count follows from the range.
constexpr size_t bucketIndex(int64_t micros, int sub_bucket_bits, int64_t max_micros) {
  int64_t sub_buckets = int64_t{1} << sub_bucket_bits;
  if (micros < sub_buckets) {
    return micros <= 0 ? 0 : static_cast<size_t>(micros);
  }
  auto value = static_cast<uint64_t>(micros < max_micros ? micros : max_micros);
  int shift = std::bit_width(value) - 1 - sub_bucket_bits;
  auto sub_bucket = static_cast<size_t>(value >> shift) - static_cast<size_t>(sub_buckets);
  return static_cast<size_t>(sub_buckets) * static_cast<size_t>(shift + 1) + sub_bucket;
}

}  // namespace histogram_layout

// Latencies in microseconds, in log-linear buckets (HdrHistogram's layout): values below 128 µs
// each have their own bucket; above, every power of two is split into 128 linear sub-buckets, so
// a bucket is at most 1/128 of its lower bound wide. Reporting a bucket's midpoint keeps the
// relative error under 0.4% from 1 µs to kMaxMicros (60 s); larger values are clamped there and
// counted in overflow(). Fixed size (20 KiB), so recording never allocates.
//
// NOTE: not thread-safe; each thread records into its own histogram and they are merged.
class LatencyHistogram {
 public:
  static constexpr int64_t kMaxMicros = 60'000'000;
  static constexpr int kSubBucketBits = 7;  // 128 sub-buckets per power of two
  static constexpr int64_t kSubBuckets = int64_t{1} << kSubBucketBits;
  // 2533: the last one holds 60 s (2^25 < 60 s < 2^26 µs).
  static constexpr size_t kBucketCount =
      histogram_layout::bucketIndex(kMaxMicros, kSubBucketBits, kMaxMicros) + 1;

  struct Bucket {
    int64_t low_micros;   // inclusive
    int64_t high_micros;  // inclusive
    uint64_t count;
  };

  void record(int64_t micros) noexcept { recordCount(micros, 1); }
  void recordCount(int64_t micros, uint64_t count) noexcept;
  void merge(const LatencyHistogram& other) noexcept;
  void reset() noexcept;

  uint64_t count() const { return count_; }
  uint64_t overflow() const { return overflow_; }
  int64_t min() const { return count_ == 0 ? 0 : min_; }
  int64_t max() const { return max_; }  // exact, even past kMaxMicros
  double mean() const;
  // The value below which `percentile` % of the recorded values fall (0..100), within the bucket
  // error; 0 when empty. percentile(100) is max().
  int64_t percentile(double percentile) const;
  // Non-empty buckets in ascending order (for a distribution chart).
  std::vector<Bucket> nonEmptyBuckets() const;

  static size_t bucketIndex(int64_t micros) noexcept;
  static int64_t bucketLow(size_t index) noexcept;
  static int64_t bucketHigh(size_t index) noexcept;

 private:
  std::array<uint64_t, kBucketCount> counts_{};
  uint64_t count_ = 0;
  uint64_t overflow_ = 0;
  double sum_ = 0;  // of clamped values, for mean(); a double cannot overflow
  int64_t min_ = 0;
  int64_t max_ = 0;
};

}  // namespace switchyard
