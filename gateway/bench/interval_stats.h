#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "dispatcher/invocation_result.h"
#include "gateway/core/latency_histogram.h"

namespace switchyard::bench {

// What one worker saw during one second of the run (or, merged, the whole run). Workers fill one
// in place, hand a copy to the controller when the second is over, and reset it: about 40 KiB
// once per second per worker, nothing per request.
//
// A request belongs to the warmup if it was due (open loop) or sent (closed loop) before the
// measurement started; warmup requests only show in the live line.
struct IntervalStats {
  using Transport = dispatcher::InvocationResult::Transport;
  static constexpr int kMinStatus = 100;
  static constexpr int kMaxStatus = 599;
  static constexpr size_t kTransports = static_cast<size_t>(Transport::kShutdown) + 1;

  int64_t second = 0;  // since the measurement started; negative during the warmup
  uint64_t sent = 0;
  uint64_t accepted = 0;  // events the target accepted
  uint64_t rejected = 0;  // answered, but not accepted (4xx, 5xx, …)
  uint64_t failed = 0;    // no answer: connection errors and timeouts
  std::array<uint64_t, kMaxStatus - kMinStatus + 1> rejected_by_status{};
  std::array<uint64_t, kTransports> failed_by_transport{};
  LatencyHistogram latency;  // from the intended send time (open loop) or the send (closed)
  LatencyHistogram service;  // from the moment the request was written
  uint64_t warmup_sent = 0;
  uint64_t warmup_done = 0;
  uint64_t unsent = 0;  // open loop: due, but the run ended before a connection was free

  uint64_t errors() const { return rejected + failed; }
  void recordRejected(int status) {
    ++rejected;
    ++rejected_by_status[static_cast<size_t>(std::clamp(status, kMinStatus, kMaxStatus) -
                                             kMinStatus)];
  }
  void recordFailed(Transport transport) {
    ++failed;
    ++failed_by_transport[std::min(static_cast<size_t>(transport), kTransports - 1)];
  }
  void merge(const IntervalStats& other);
  void clear(int64_t new_second);
  // "429×10 500×2 connect_failed×1", or empty without errors.
  std::string describeErrors() const;
};

}  // namespace switchyard::bench
