#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace switchyard::metrics {

// Metric cells are written without locks or read-modify-write instructions: each cell has exactly
// one writing thread (relaxed load + store), and the admin thread reads them (relaxed loads). A
// scrape may see a slightly stale value, never a torn one.

// The shard index of the calling thread, set once per shard loop thread; -1 elsewhere.
void setCurrentShard(int index);
int currentShard();
inline constexpr int kMaxShards = 256;

// A counter owned by one thread.
class Counter {
 public:
  void add(uint64_t n = 1) {
    value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A gauge owned by one thread.
class Gauge {
 public:
  void set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void add(int64_t n) {
    value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// A counter every thread may bump: one padded cell per shard, summed when read.
class ShardedCounter {
 public:
  explicit ShardedCounter(int shards);
  void add(uint64_t n = 1);
  uint64_t value() const;

 private:
  struct alignas(64) Cell {
    Counter counter;
  };
  int cells_count_;
  std::unique_ptr<Cell[]> cells_;
  std::atomic<uint64_t> others_{0};
};

// Latency histogram with fixed Prometheus buckets (seconds), owned by one thread.
class Histogram {
 public:
  static constexpr std::array<double, 16> kBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

  void observeMicros(int64_t micros);
  // Cumulative count for bucket i (le = kBucketsSeconds[i]); i == size() gives +Inf.
  uint64_t cumulative(size_t bucket) const;
  uint64_t count() const { return count_.value(); }
  double sumSeconds() const { return static_cast<double>(sum_us_.value()) / 1e6; }

 private:
  std::array<Counter, kBucketsSeconds.size() + 1> buckets_{};
  Counter count_;
  Counter sum_us_;
};

// A counter or gauge published by a component outside the dispatcher (the AWS state store):
// registered at start-up, read on each scrape through `read`, which must be safe from the admin
// thread (relaxed atomic loads). The component outlives the admin API.
struct ExportedMetric {
  std::string name;  // switchyard_..._total
  std::string type;  // counter | gauge
  std::string help;
  std::function<double()> read;
};
// NOTE: filled and read on the control thread.
using ExportedMetrics = std::vector<ExportedMetric>;

}  // namespace switchyard::metrics
