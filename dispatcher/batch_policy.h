#pragma once

#include <cstddef>
#include <cstdint>

namespace switchyard::dispatcher {

// How a trigger's deliveries to one function are grouped into invocations (DESIGN.md §5): up to
// `size` events or `max_bytes` of payload per invocation, waiting at most `window_ms` for a batch
// to fill. Sources that batch themselves (SQS: the event source mapping builds the Records array)
// have no policy here; every other trigger with `batch:` gets one.
struct BatchPolicy {
  size_t size = 1;
  int64_t window_ms = 0;
  size_t max_bytes = 6 * 1024 * 1024;
  // The function may answer {"batchItemFailures":[{"itemIdentifier":EVENT_ID}]}: only those
  // events are retried, the rest of the batch succeeded.
  bool report_item_failures = false;

  bool enabled() const { return size > 1 || window_ms > 0; }
};

}  // namespace switchyard::dispatcher
