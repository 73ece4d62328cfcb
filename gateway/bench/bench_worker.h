#pragma once

#include <sys/socket.h>
#include <uv.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "dispatcher/invokers/http_client_connection.h"
#include "gateway/bench/bench_target.h"
#include "gateway/bench/interval_stats.h"
#include "gateway/bench/payload_template.h"
#include "gateway/bench/precise_timer.h"
#include "gateway/core/loop_timers.h"
#include "gateway/core/random.h"
#include "gateway/core/uv_handle.h"

namespace switchyard::bench {

// One worker's share of the run. Times are uv_hrtime() nanoseconds, common to all workers.
struct WorkerPlan {
  const BenchTarget* target = nullptr;
  const PayloadTemplate* payload = nullptr;
  sockaddr_storage address{};
  int index = 0;    // this worker, 0..workers-1
  int workers = 1;  // how many share the run
  // Open loop: the whole run's rate (requests/s, > 0). Request g (global sequence, g ≡ index mod
  // workers) is due at start_ns + g / rate. 0: closed loop.
  double rate = 0;
  int connections = 1;  // this worker's: exactly (closed loop) or at most (open loop)
  uint64_t start_ns = 0;
  uint64_t measure_start_ns = 0;  // start_ns + warmup
  uint64_t end_ns = 0;            // no request starts after this; 0: no time bound
  // Open loop: global sequence numbers in [first_measured, limit) are measured, those below
  // first_measured are the warmup. Closed loop: `limit` is this worker's measured requests.
  uint64_t first_measured = 0;
  uint64_t limit = UINT64_MAX;
  int64_t timeout_ms = 10'000;
  bool collect_ids = false;
  size_t expected_ids = 0;  // reserve hint
  uint64_t seed = 1;
};

// Where a worker reports; called on the worker's thread (the controller posts to its own loop).
class WorkerObserver {
 public:
  virtual ~WorkerObserver() = default;
  // One report per second of the run, in order, empty ones included.
  virtual void onSecond(int worker, std::unique_ptr<IntervalStats> stats) noexcept = 0;
  // The last (partial) second; every request ended and every connection is closing.
  virtual void onFinished(int worker, std::unique_ptr<IntervalStats> last,
                          AcceptedIds&& ids) noexcept = 0;
};

// Sends one worker's requests on one loop: a pool of keep-alive connections (the dispatcher's
// lean HttpClientConnection), an open-loop schedule on a PreciseTimer or a closed loop per
// connection, per-request timeouts on the loop's timer wheel, and per-second statistics.
// Request buffers and results are reused, so the steady state allocates nothing per request.
//
// Open-loop latency is measured from the time a request was due, not the time it could be sent:
// when the target falls behind, requests wait for a free connection and that wait is counted
// (coordinated omission, as wrk2 corrects it).
//
// NOTE: thread-confined to `loop`; start() and requestStop() on that thread.
class BenchWorker final : private dispatcher::HttpClientConnection::Owner {
 public:
  BenchWorker(uv_loop_t* loop, WorkerPlan plan, WorkerObserver* observer);
  ~BenchWorker() override;
  BenchWorker(const BenchWorker&) = delete;
  BenchWorker& operator=(const BenchWorker&) = delete;

  void start();
  // Sends nothing more; requests in flight may finish (within the timeout).
  void requestStop();

 private:
  struct Slot;

  void onConnected(dispatcher::HttpClientConnection* connection) noexcept override;
  void onRequestDone(dispatcher::HttpClientConnection* connection,
                     dispatcher::InvocationResult&& result, bool reusable) noexcept override;
  void onIdleClosed(dispatcher::HttpClientConnection* connection) noexcept override;
  static void onPacer(void* context);
  static void onSecondTimer(uv_timer_t* timer);
  static void onTimeout(void* context);
  static void onRetry(void* context);

  void begin();
  void dispatchDue(uint64_t now);
  void startNextClosedLoop(Slot* slot, uint64_t now);
  void assign(Slot* slot, uint64_t sequence, uint64_t due_ns, bool warmup);
  void send(Slot* slot);
  void requestEnded(Slot* slot, uint64_t now, bool connect_failed);
  void advanceTo(uint64_t now);
  void armSecondTimer();
  void stopSending(uint64_t now);
  void maybeFinish();

  uint64_t dueAt(uint64_t sequence) const;
  int64_t secondOf(uint64_t ns) const;

  uv_loop_t* loop_;
  WorkerPlan plan_;
  WorkerObserver* observer_;
  LoopTimers timers_;
  PreciseTimer pacer_;
  UvHandle<uv_timer_t> second_timer_;
  Random random_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Slot*> idle_;  // open loop: slots without a request, most recently used last
  IntervalStats current_;
  AcceptedIds ids_;
  uint64_t next_sequence_;         // open loop: global sequence; closed loop: this worker's count
  uint64_t measured_started_ = 0;  // closed loop: measured requests assigned
  size_t in_flight_ = 0;
  bool sending_done_ = false;
  bool dispatching_ = false;
  bool finished_ = false;
};

}  // namespace switchyard::bench
