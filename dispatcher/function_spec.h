#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "dispatcher/retry_policy.h"
#include "gateway/config/config.h"
#include "gateway/core/metrics.h"

namespace switchyard::dispatcher {

class MemoryBudget;
using FunctionId = uint32_t;

// Per-function counters. All are written by the function's home shard only.
struct FunctionMetrics {
  metrics::Counter attempts;         // attempts started
  metrics::Counter succeeded;        // attempts that succeeded (= deliveries that ended delivered)
  metrics::Counter failed;           // attempts that failed (any reason)
  metrics::Counter retried;          // retries scheduled
  metrics::Counter timeouts;         // attempts that timed out
  metrics::Counter dead_lettered;    // deliveries that ended in the dead-letter sink
  metrics::Counter returned_errors;  // synchronous invokes that ended with an error answered
  metrics::Counter sent_to_destination;  // failed deliveries handed to the on_failure destination
  metrics::Counter returned_to_source;   // failed deliveries left to their source to redeliver
  metrics::Gauge in_flight;
  metrics::Gauge queued;         // waiting to start (ready queue)
  metrics::Gauge retry_waiting;  // waiting for a backoff timer
  metrics::Histogram latency;    // per attempt, request sent → answer (or failure)
};

// Everything about one function that does not change while the gateway runs, plus the two
// pieces of shared state: the admission gate (any shard reserves, the home shard releases) and
// the metrics (home shard writes, admin reads).
struct FunctionSpec {
  FunctionSpec(FunctionId id_in, const config::FunctionConfig& config_in, int home_shard_in)
      : id(id_in),
        config(config_in),
        home_shard(home_shard_in),
        retry(config_in.retry),
        keeps_response_body(config_in.on_success.kind != config::DestinationConfig::Kind::kNone ||
                            config_in.on_failure.kind != config::DestinationConfig::Kind::kNone) {}

  FunctionId id;
  config::FunctionConfig config;
  int home_shard;
  RetryPolicy retry;
  // Destination records carry the function's answer, so it is kept whole (up to 6 MB), not just
  // an excerpt for logs.
  bool keeps_response_body;
  // The gateway-wide bound on queued bytes, shared by every function; null: unbounded (tests).
  MemoryBudget* budget = nullptr;

  // Deliveries admitted and not yet ended (queued + in flight + waiting to retry). Bounded by
  // config.queue_limit: past it, ingest pushes back (429) instead of growing without limit.
  alignas(64) std::atomic<int64_t> outstanding{0};

  alignas(64) FunctionMetrics metrics;
};

}  // namespace switchyard::dispatcher
