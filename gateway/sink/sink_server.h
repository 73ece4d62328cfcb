#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "gateway/config/config.h"
#include "gateway/core/loop_thread.h"
#include "gateway/core/loop_timers.h"
#include "gateway/http/http_server.h"

namespace switchyard {

struct SinkOptions {
  config::HostPort listen{"127.0.0.1", 9000};
  int status = 200;        // answer for events that do not fail
  double fail_rate = 0;    // fraction answered with 500 (seeded, reproducible)
  int64_t latency_ms = 0;  // delay before answering
  bool quiet = false;      // do not print each event
  uint64_t seed = 1;
  int stop_with_pid = 0;  // stop when this process is gone (scripts that start a sink)
};

// `switchyard sink`: a built-in function endpoint that answers fast, can inject failures and
// latency, and prints every event it receives (id, attempt, source, size, body excerpt). The
// quick start's example function; issue-level tooling (bench accounting) builds on it.
class SinkServer final : public http::HttpService {
 public:
  explicit SinkServer(SinkOptions options);
  ~SinkServer() override;

  // Serves on the calling thread until SIGINT/SIGTERM. Returns an exit code.
  int run();
  void handle(const http::HttpRequest& request, http::HttpResponder responder) noexcept override;

  uint64_t received() const { return received_.load(std::memory_order_relaxed); }

 private:
  void answer(const http::HttpRequest& request, http::HttpResponder responder);

  SinkOptions options_;
  LoopThread loop_{"sink"};
  std::unique_ptr<LoopTimers> timers_;
  std::unique_ptr<http::HttpListener> listener_;
  std::atomic<uint64_t> received_{0};
  uint64_t random_state_;
};

}  // namespace switchyard
