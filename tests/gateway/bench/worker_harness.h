#pragma once

#include <gtest/gtest.h>
#include <uv.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/bench/bench_target.h"
#include "gateway/bench/bench_worker.h"
#include "gateway/bench/payload_template.h"
#include "gateway/core/loop_thread.h"

namespace switchyard::bench::testing {

// Runs one BenchWorker on its own loop thread against a URL and collects what it reports.
struct WorkerRun {
  IntervalStats total;
  std::vector<int64_t> seconds;  // the second of each report, in order
  AcceptedIds ids;
  bool finished = false;
  double wall_seconds = 0;
};

class Collector final : public WorkerObserver {
 public:
  void onSecond(int, std::unique_ptr<IntervalStats> stats) noexcept override {
    std::lock_guard<std::mutex> lock(mutex_);
    run_.seconds.push_back(stats->second);
    run_.total.merge(*stats);
  }
  void onFinished(int, std::unique_ptr<IntervalStats> last, AcceptedIds&& ids) noexcept override {
    std::lock_guard<std::mutex> lock(mutex_);
    run_.seconds.push_back(last->second);
    run_.total.merge(*last);
    run_.ids = std::move(ids);
    run_.finished = true;
    done_.notify_all();
  }
  bool wait(std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return done_.wait_for(lock, timeout, [this] { return run_.finished; });
  }
  WorkerRun take() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::move(run_);
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_;
  WorkerRun run_;
};

// A plan against `url` starting 20 ms from now: open loop if rate > 0.
inline WorkerPlan planFor(const std::string& url, double rate, int connections, uint64_t limit) {
  static std::unique_ptr<BenchTarget> keep_target;  // plans outlive this call
  static std::unique_ptr<PayloadTemplate> keep_payload;
  Result<TargetUrl> parsed = parseTargetUrl(url);
  EXPECT_TRUE(parsed.ok());
  keep_target = std::move(makeTarget("webhook", *parsed, "")).value();
  keep_payload = std::make_unique<PayloadTemplate>(
      std::move(PayloadTemplate::compile(PayloadTemplate::defaultBody())).value());
  WorkerPlan plan;
  plan.target = keep_target.get();
  plan.payload = keep_payload.get();
  plan.address = parsed->address;
  plan.rate = rate;
  plan.connections = connections;
  plan.start_ns = uv_hrtime() + 20'000'000;
  plan.measure_start_ns = plan.start_ns;
  plan.limit = limit;
  return plan;
}

inline WorkerRun runWorker(const WorkerPlan& plan,
                           std::chrono::seconds timeout = std::chrono::seconds(60)) {
  Collector collector;
  LoopThread loop("bench-test");
  std::unique_ptr<BenchWorker> worker;
  auto started = std::chrono::steady_clock::now();
  loop.start([&] {
    worker = std::make_unique<BenchWorker>(loop.loop(), plan, &collector);
    worker->start();
  });
  bool finished = collector.wait(timeout);
  EXPECT_TRUE(finished) << "the worker did not finish";
  if (!finished) {
    loop.post([&] { worker->requestStop(); });
    collector.wait(std::chrono::seconds(30));
  }
  WorkerRun run = collector.take();
  run.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  loop.stop([&] { worker.reset(); });
  loop.join();
  return run;
}

}  // namespace switchyard::bench::testing
