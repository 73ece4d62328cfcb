// Checks the generator's steady state allocates nothing per request: operator new is counted per
// thread, and the worker's thread runs many more requests in one run than in another.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "tests/gateway/bench/worker_harness.h"
#include "tests/support/function_server.h"

namespace {
thread_local uint64_t t_allocations = 0;
}

// Every plain variant is replaced, so that what one of them allocates another one frees (the
// sanitizers check the pairing).
void* operator new(size_t size) {
  ++t_allocations;
  if (void* block = std::malloc(size == 0 ? 1 : size)) {
    return block;
  }
  throw std::bad_alloc();
}
void* operator new[](size_t size) { return operator new(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  ++t_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* block) noexcept { std::free(block); }
void operator delete(void* block, size_t) noexcept { std::free(block); }
void operator delete[](void* block) noexcept { std::free(block); }
void operator delete[](void* block, size_t) noexcept { std::free(block); }
void operator delete(void* block, const std::nothrow_t&) noexcept { std::free(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { std::free(block); }

namespace switchyard::bench {
namespace {

// Reports the worker thread's allocation count when the run finishes.
class CountingCollector final : public WorkerObserver {
 public:
  void onSecond(int, std::unique_ptr<IntervalStats>) noexcept override {}
  void onFinished(int, std::unique_ptr<IntervalStats> last, AcceptedIds&&) noexcept override {
    sent_ = last->sent;
    allocations_ = t_allocations;
    done_ = true;
  }
  std::atomic<bool> done_{false};
  uint64_t sent_ = 0;
  uint64_t allocations_ = 0;
};

uint64_t allocationsFor(const std::string& url, uint64_t requests) {
  WorkerPlan plan = testing::planFor(url, 0, 4, requests);
  CountingCollector collector;
  LoopThread loop("bench-alloc");
  std::unique_ptr<BenchWorker> worker;
  loop.start([&] {
    worker = std::make_unique<BenchWorker>(loop.loop(), plan, &collector);
    worker->start();
  });
  for (int i = 0; i < 3000 && !collector.done_; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(collector.done_.load());
  EXPECT_EQ(collector.sent_, requests);
  loop.stop([&] { worker.reset(); });
  loop.join();
  return collector.allocations_;
}

TEST(BenchWorker, SteadyStateAllocatesNothingPerRequest) {
  switchyard::testing::FunctionServer server;
  std::string url = server.url("/events/hook");
  uint64_t few = allocationsFor(url, 200);
  uint64_t many = allocationsFor(url, 2200);
  // 2000 more requests: a handful of allocations at most (a per-second report, a buffer that
  // grew once), never one per request.
  EXPECT_LT(many - std::min(many, few), 40u) << "200 requests: " << few << ", 2200: " << many;
}

}  // namespace
}  // namespace switchyard::bench
