#include "gateway/bench/interval_stats.h"

namespace switchyard::bench {

void IntervalStats::merge(const IntervalStats& other) {
  sent += other.sent;
  accepted += other.accepted;
  rejected += other.rejected;
  failed += other.failed;
  for (size_t i = 0; i < rejected_by_status.size(); ++i) {
    rejected_by_status[i] += other.rejected_by_status[i];
  }
  for (size_t i = 0; i < kTransports; ++i) {
    failed_by_transport[i] += other.failed_by_transport[i];
  }
  latency.merge(other.latency);
  service.merge(other.service);
  warmup_sent += other.warmup_sent;
  warmup_done += other.warmup_done;
  unsent += other.unsent;
}

void IntervalStats::clear(int64_t new_second) {
  *this = IntervalStats{};
  second = new_second;
}

std::string IntervalStats::describeErrors() const {
  std::string out;
  auto add = [&out](const std::string& what, uint64_t count) {
    if (count == 0) {
      return;
    }
    if (!out.empty()) {
      out.push_back(' ');
    }
    out += what + "\xC3\x97" + std::to_string(count);  // ×
  };
  for (size_t i = 0; i < rejected_by_status.size(); ++i) {
    add(std::to_string(static_cast<int>(i) + kMinStatus), rejected_by_status[i]);
  }
  for (size_t i = 0; i < kTransports; ++i) {
    add(dispatcher::transportName(static_cast<Transport>(i)), failed_by_transport[i]);
  }
  return out;
}

}  // namespace switchyard::bench
