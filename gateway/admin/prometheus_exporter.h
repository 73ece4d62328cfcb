#pragma once

#include <string>

#include "dispatcher/dispatcher.h"
#include "gateway/core/metrics.h"

namespace switchyard {

// Renders every metric in the Prometheus text exposition format (version 0.0.4). Reads the
// single-writer cells with relaxed loads: safe from the control thread while shards run.
//
// Accounting, per function: deliveries admitted = succeeded + dead_lettered + returned_error +
// sent_to_destination + returned_to_source + outstanding; per trigger: received = accepted +
// filtered + rejected (by reason).
// `exported`: the metrics components outside the dispatcher publish (may be null).
std::string renderPrometheus(const dispatcher::Dispatcher& dispatcher,
                             const metrics::ExportedMetrics* exported = nullptr);

}  // namespace switchyard
