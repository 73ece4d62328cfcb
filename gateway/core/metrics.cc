#include "gateway/core/metrics.h"

#include <algorithm>

namespace switchyard::metrics {
namespace {
thread_local int t_shard = -1;
}

void setCurrentShard(int index) { t_shard = index; }
int currentShard() { return t_shard; }

ShardedCounter::ShardedCounter(int shards)
    : cells_count_(shards), cells_(new Cell[static_cast<size_t>(shards)]) {}

void ShardedCounter::add(uint64_t n) {
  int shard = t_shard;
  if (shard < 0 || shard >= cells_count_) {
    // Not a shard thread (control plane, tests): several may share this cell, so an RMW.
    others_.fetch_add(n, std::memory_order_relaxed);
    return;
  }
  cells_[shard].counter.add(n);
}

uint64_t ShardedCounter::value() const {
  uint64_t total = others_.load(std::memory_order_relaxed);
  for (int i = 0; i < cells_count_; ++i) {
    total += cells_[i].counter.value();
  }
  return total;
}

void Histogram::observeMicros(int64_t micros) {
  double seconds = static_cast<double>(micros) / 1e6;
  size_t bucket = static_cast<size_t>(
      std::lower_bound(kBucketsSeconds.begin(), kBucketsSeconds.end(), seconds) -
      kBucketsSeconds.begin());
  buckets_[bucket].add();
  count_.add();
  sum_us_.add(static_cast<uint64_t>(micros > 0 ? micros : 0));
}

uint64_t Histogram::cumulative(size_t bucket) const {
  uint64_t total = 0;
  for (size_t i = 0; i <= bucket && i < buckets_.size(); ++i) {
    total += buckets_[i].value();
  }
  return total;
}

}  // namespace switchyard::metrics
