#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gateway/config/config.h"
#include "gateway/core/loop_thread.h"
#include "gateway/core/loop_timers.h"
#include "gateway/core/random.h"
#include "gateway/http/http_server.h"
#include "gateway/sink/delivered_ids.h"
#include "gateway/sink/sink_accounting.h"

namespace switchyard {

struct SinkOptions {
  config::HostPort listen{"127.0.0.1", 9000};
  int status = 200;         // answer for events that do not fail
  double fail_rate = 0;     // fraction answered with 500 (seeded, reproducible)
  double timeout_rate = 0;  // fraction held and never answered (the caller times out)
  int64_t latency_ms = 0;   // delay before answering
  bool quiet = false;       // do not print each event
  uint64_t seed = 1;
  int stop_with_pid = 0;          // stop when this process is gone (scripts that start a sink)
  size_t expect_ids = 1'000'000;  // room reserved for event ids (it grows past this)
  std::string ready_file;         // once listening, HOST:PORT is written here (tests, scripts)
};

// `switchyard sink`: a built-in function endpoint that answers fast, can inject failures,
// latency and timeouts, prints every event it receives (unless quiet), and accounts for every
// event id so that `switchyard bench` can reconcile what the gateway accepted against what
// arrived. Any path is a function endpoint (plain webhook POSTs and the Lambda RIE path
// /2015-03-31/functions/function/invocations alike), except the control paths:
//   GET  /_sink/stats       counts, duplicates, end-to-end latency, received per second
//   POST /_sink/expect      newline-separated ids the caller expects (in chunks, for big runs)
//   POST /_sink/reconcile   those (plus the body's) against what arrived: missing, duplicates…
//   POST /_sink/reset       forget everything
// A delivery may carry several events: a batch (X-Switchyard-Event-Id lists them) or Lambda's SQS
// event (its records' messageIds), see DeliveredIds. One loop thread does all of it; per event it
// costs a hash-table insert and a histogram increment (plus, for an SQS event, one On-Demand
// parse of the body).
class SinkServer final : public http::HttpService {
 public:
  explicit SinkServer(SinkOptions options);
  ~SinkServer() override;

  // Serves on the calling thread until SIGINT/SIGTERM. Returns an exit code.
  int run();
  void handle(const http::HttpRequest& request, http::HttpResponder responder) noexcept override;

  uint64_t received() const { return received_.load(std::memory_order_relaxed); }

 private:
  void control(const http::HttpRequest& request, http::HttpResponder responder);
  void answer(int status, http::HttpResponder responder);
  static void onSweep(void* context);
  void releaseHeld();
  void shutdown();
  void writeReadyFile(uint16_t port) const;

  SinkOptions options_;
  LoopThread loop_{"sink"};
  std::unique_ptr<LoopTimers> timers_;
  std::unique_ptr<http::HttpListener> listener_;
  std::atomic<uint64_t> received_{0};
  Random random_;
  SinkAccounting accounting_;
  DeliveredIds delivered_ids_;
  std::vector<http::HttpResponder> held_;  // --timeout-rate: never answered
  TimerEntry sweep_;                       // drops held requests whose caller left
};

}  // namespace switchyard
