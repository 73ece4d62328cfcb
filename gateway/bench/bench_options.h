#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/core/result.h"

namespace switchyard::bench {

// What `switchyard bench` was asked to do (parsed and checked by the CLI).
struct BenchOptions {
  std::string target = "webhook";  // see targetKinds()
  std::string url;
  double rate = 0;          // requests/s over all threads; 0: closed loop
  int connections = 0;      // closed loop: exactly (default 32); open loop: at most (default 64)
  int threads = 1;          // one loop per thread
  int64_t duration_ms = 0;  // 0: none (with --count) — without either, 10 s
  uint64_t count = 0;       // measured requests; 0: none
  int64_t warmup_ms = 0;    // requests before this are sent but not measured
  int64_t timeout_ms = 10'000;  // per request
  std::string body;             // template; empty: PayloadTemplate::defaultBody()
  std::string token;            // Authorization: Bearer (server.ingest_token)
  std::string sink_url;         // a `switchyard sink` to reconcile with; empty: none
  int64_t drain_ms = 10'000;    // at most this long waiting for the sink to go quiet
  bool json = false;            // report as JSON on stdout
  std::string html_path;        // also write an HTML report here
  bool quiet = false;           // no live line
  uint64_t seed = 1;

  bool openLoop() const { return rate > 0; }
  int effectiveConnections() const {
    return connections > 0 ? connections : (openLoop() ? 64 : 32);
  }
};

// "1000/s", "1000", "1.5k/s", "600/m", "36000/h" → requests per second.
Result<double> parseRate(std::string_view text);

}  // namespace switchyard::bench
