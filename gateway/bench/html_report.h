#pragma once

#include <string>

#include "gateway/bench/bench_report.h"

namespace switchyard::bench {

// One self-contained HTML page (no external scripts, styles or fonts): the summary as a table,
// and three charts drawn as inline SVG by an inline script from the report's JSON embedded in
// the page — throughput per second (sent, accepted, delivered), latency per second (p50, p99)
// and the latency distribution. Each chart's container gets data-drawn="true" once drawn, which
// the headless-browser test looks for.
std::string renderHtml(const BenchReport& report);

}  // namespace switchyard::bench
