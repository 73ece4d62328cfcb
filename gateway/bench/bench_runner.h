#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "gateway/bench/bench_options.h"
#include "gateway/bench/bench_report.h"
#include "gateway/bench/bench_target.h"
#include "gateway/bench/bench_worker.h"
#include "gateway/bench/payload_template.h"
#include "gateway/bench/sink_client.h"
#include "gateway/core/loop_thread.h"
#include "gateway/core/uv_handle.h"

namespace switchyard::bench {

// `switchyard bench` from start to report: starts one BenchWorker per thread, gathers their
// per-second statistics on the calling thread's loop (live line on stderr, series for the
// report), then waits for the sink to go quiet, reconciles the accepted ids with it, and prints
// the report.
//
// NOTE: run() from one thread; workers report through post() onto that thread's loop.
class BenchRunner final : public WorkerObserver {
 public:
  explicit BenchRunner(BenchOptions options);
  ~BenchRunner() override;

  // Checks the options, resolves the target and resets the sink; 2 on bad options, 1 when the
  // sink cannot be reached, else 0.
  int prepare();
  // Exit status: 0, or 1 if the sink could not be asked or an accepted event never arrived.
  int run();

 private:
  void onSecond(int worker, std::unique_ptr<IntervalStats> stats) noexcept override;
  void onFinished(int worker, std::unique_ptr<IntervalStats> last,
                  AcceptedIds&& ids) noexcept override;

  std::vector<WorkerPlan> makePlans() const;
  void startWorkers();
  void absorb(int worker, std::unique_ptr<IntervalStats> stats, AcceptedIds* ids);
  void finalize(const IntervalStats& second);
  int64_t pollDelivered();
  void onInterrupt();
  void drainAndReconcile();
  void printLive(const std::string& label, const std::string& text) const;

  BenchOptions options_;
  std::optional<TargetUrl> url_;
  std::unique_ptr<BenchTarget> target_;
  std::optional<PayloadTemplate> payload_;
  std::optional<SinkClient> sink_;

  LoopThread controller_{"bench"};
  std::vector<std::unique_ptr<LoopThread>> loops_;
  std::vector<std::unique_ptr<BenchWorker>> workers_;  // each touched only by its loop
  std::unique_ptr<UvHandle<uv_signal_t>> interrupt_;
  int interrupts_ = 0;

  // Controller thread only:
  uint64_t measure_start_ns_ = 0;
  uint64_t finished_ns_ = 0;
  std::vector<int64_t> reported_through_;     // per worker: last second reported (max: finished)
  std::map<int64_t, IntervalStats> pending_;  // seconds not every worker has reported yet
  int finished_ = 0;
  AcceptedIds ids_;
  uint64_t sink_unique_ = 0;  // at the last poll
  BenchReport report_;
};

}  // namespace switchyard::bench
