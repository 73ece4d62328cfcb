#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gateway/bench/interval_stats.h"
#include "gateway/core/latency_histogram.h"

namespace switchyard::bench {

struct Percentiles {
  uint64_t count = 0;
  double mean = 0;
  int64_t p50 = 0;
  int64_t p90 = 0;
  int64_t p99 = 0;
  int64_t p999 = 0;
  int64_t max = 0;
  static Percentiles of(const LatencyHistogram& histogram);
};

// One second of the run (or of the drain that follows it).
struct SeriesPoint {
  int64_t second = 0;  // since the measurement started
  uint64_t sent = 0;
  uint64_t accepted = 0;
  uint64_t errors = 0;
  int64_t p50_us = 0;
  int64_t p99_us = 0;
  int64_t delivered = -1;  // new event ids at the sink during this second; -1: no sink
  bool drain = false;      // after the last response, waiting for the sink
};

// What the sink said at the end.
struct SinkResult {
  std::string url;
  std::string error;  // non-empty: the sink could not be asked
  bool drained = false;
  double drain_seconds = 0;
  uint64_t received = 0;  // requests, failed and held ones included
  uint64_t unique = 0;    // event ids delivered
  uint64_t expected = 0;  // accepted ids bench reported
  uint64_t delivered = 0;
  uint64_t missing = 0;
  uint64_t unexpected = 0;
  uint64_t duplicates = 0;  // deliveries beyond the first of an expected id
  std::vector<std::string> missing_sample;
  Percentiles end_to_end;  // accepted by the gateway → received by the sink
};

struct BenchReport {
  std::string target;
  std::string url;
  int events_per_request = 1;  // accepted counts events; sent, rejected and failed requests
  bool open_loop = false;
  double rate = 0;
  int connections = 0;
  int threads = 1;
  int64_t warmup_ms = 0;
  double elapsed_seconds = 0;  // measurement start → last response
  IntervalStats totals;
  Percentiles latency;
  Percentiles service;
  std::vector<SeriesPoint> series;
  std::vector<LatencyHistogram::Bucket> distribution;
  uint64_t accepted_ids = 0;         // ids collected (warmup included), for the sink
  uint64_t accepted_without_id = 0;  // accepted answers that named no id
  std::optional<SinkResult> sink;

  double perSecond(uint64_t count) const {
    return elapsed_seconds > 0 ? static_cast<double>(count) / elapsed_seconds : 0;
  }
  // The sink could not be asked, or something accepted never arrived.
  bool failed() const { return sink.has_value() && (!sink->error.empty() || sink->missing > 0); }
};

// "850µs", "12.3ms", "1.25s".
std::string formatMicros(int64_t micros);
std::string renderText(const BenchReport& report);
std::string renderJson(const BenchReport& report);

}  // namespace switchyard::bench
