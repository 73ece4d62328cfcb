#pragma once

#include <cstdint>
#include <string>

#include "gateway/bench/bench_report.h"
#include "gateway/bench/bench_target.h"
#include "gateway/core/result.h"

namespace switchyard::bench {

// bench's side of `switchyard sink`'s control paths (/_sink/...), over the small blocking
// client: used once per second for the live line and at the end, never per request.
class SinkClient {
 public:
  struct Stats {
    uint64_t received = 0;
    uint64_t unique = 0;
    Percentiles latency;
  };

  static Result<SinkClient> create(const std::string& url);

  Status reset();
  Result<Stats> stats();
  // Sends the ids (in chunks, so a long run stays under the sink's body limit), then asks for
  // the reconciliation; fills the counts of `result`.
  Status reconcile(const AcceptedIds& ids, SinkResult* result);
  const std::string& url() const { return url_; }

 private:
  std::string url_;
  std::string host_;
  uint16_t port_ = 0;
};

}  // namespace switchyard::bench
