#include "gateway/core/loop_thread.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gateway/core/uv_handle.h"

namespace switchyard {
namespace {

TEST(LoopThread, RunsEveryPostedTaskOnTheLoopThreadInPerProducerOrder) {
  constexpr int kProducers = 4;
  constexpr int kPerProducer = 5000;
  LoopThread loop_thread("test-loop");
  // Touched only on the loop thread until join().
  std::vector<std::vector<int>> seen(kProducers);
  int off_thread = 0;
  bool started_on_loop = false;
  loop_thread.start([&] {
    started_on_loop = loop_thread.isCurrentThread() && LoopThread::current() == &loop_thread;
  });

  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kPerProducer; ++i) {
        loop_thread.post([&, p, i] {
          if (!loop_thread.isCurrentThread()) {
            ++off_thread;
          }
          seen[p].push_back(i);
        });
      }
    });
  }
  for (std::thread& producer : producers) {
    producer.join();
  }
  bool stopped_on_loop = false;
  size_t seen_at_stop = 0;
  loop_thread.stop([&] {
    stopped_on_loop = loop_thread.isCurrentThread();
    for (const auto& list : seen) {
      seen_at_stop += list.size();
    }
  });
  loop_thread.join();

  EXPECT_TRUE(started_on_loop);
  EXPECT_TRUE(stopped_on_loop);
  EXPECT_EQ(off_thread, 0);
  // Everything posted before stop() ran before on_stop.
  EXPECT_EQ(seen_at_stop, size_t{kProducers} * kPerProducer);
  for (int p = 0; p < kProducers; ++p) {
    ASSERT_EQ(seen[p].size(), size_t{kPerProducer}) << "producer " << p;
    for (int i = 0; i < kPerProducer; ++i) {
      ASSERT_EQ(seen[p][i], i) << "producer " << p;
    }
  }
  EXPECT_FALSE(loop_thread.isCurrentThread());
  EXPECT_NE(LoopThread::current(), &loop_thread);
}

TEST(LoopThread, TaskPostedFromTheLoopThreadItselfRuns) {
  LoopThread loop_thread("test-loop");
  std::promise<void> nested_ran;
  loop_thread.start();
  loop_thread.post([&] { loop_thread.post([&] { nested_ran.set_value(); }); });
  EXPECT_EQ(nested_ran.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  loop_thread.stop();
  loop_thread.join();
}

TEST(LoopThread, StopRunsOnStopOnTheLoopThenTheLoopClosesCleanly) {
  ::testing::internal::CaptureStderr();
  bool on_stop_ran = false;
  {
    LoopThread loop_thread("test-loop");
    // A repeating timer keeps the loop alive, so only stop() can end it; on_stop closes it.
    std::unique_ptr<UvHandle<uv_timer_t>> timer;
    loop_thread.start([&] {
      timer = std::make_unique<UvHandle<uv_timer_t>>();
      ASSERT_EQ(uv_timer_init(loop_thread.loop(), timer->get()), 0);
      timer->markInitialized();
      uv_timer_start(
          timer->get(), [](uv_timer_t*) {}, 1, 1);
    });
    loop_thread.stop([&] {
      on_stop_ran = loop_thread.isCurrentThread();
      timer.reset();
    });
    loop_thread.join();
  }
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(on_stop_ran);
  // The destructor logs this when a handle was left open or uv_loop_close() failed.
  EXPECT_EQ(log.find("handles still open"), std::string::npos) << log;
}

// A node that records whether it ran and whether it was freed.
struct TrackedNode final : dispatcher::InboxNode {
  TrackedNode(std::atomic<int>* ran_in, std::atomic<int>* freed_in)
      : ran(ran_in), freed(freed_in) {}
  ~TrackedNode() override { freed->fetch_add(1); }
  void run() noexcept override {
    ran->fetch_add(1);
    delete this;
  }
  std::atomic<int>* ran;
  std::atomic<int>* freed;
};

TEST(LoopThread, ItemsPostedAfterTheLoopEndedAreFreedUnrun) {
  std::atomic<int> ran{0};
  std::atomic<int> freed{0};
  auto payload = std::make_shared<int>(7);
  {
    LoopThread loop_thread("test-loop");
    loop_thread.start();
    loop_thread.post(std::make_unique<TrackedNode>(&ran, &freed).release());
    loop_thread.stop();
    loop_thread.join();
    EXPECT_EQ(ran.load(), 1);
    EXPECT_EQ(freed.load(), 1);

    for (int i = 0; i < 3; ++i) {
      loop_thread.post(std::make_unique<TrackedNode>(&ran, &freed).release());
    }
    loop_thread.post([payload] { ADD_FAILURE() << "ran after the loop ended"; });
    EXPECT_EQ(payload.use_count(), 2);
  }
  // The destructor freed them without running them (ASan reports any leak).
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(freed.load(), 4);
  EXPECT_EQ(payload.use_count(), 1);
}

TEST(LoopThread, DiscardPendingFreesQueuedItemsWithoutRunningThem) {
  std::atomic<int> ran{0};
  std::atomic<int> freed{0};
  LoopThread loop_thread("test-loop");
  loop_thread.start();
  loop_thread.stop();
  loop_thread.join();
  for (int i = 0; i < 5; ++i) {
    loop_thread.post(std::make_unique<TrackedNode>(&ran, &freed).release());
  }
  loop_thread.discardPending();
  EXPECT_EQ(ran.load(), 0);
  EXPECT_EQ(freed.load(), 5);
}

TEST(LoopThread, RunHereRunsTheLoopOnTheCallingThread) {
  LoopThread loop_thread("test-here");
  bool ran_here = false;
  loop_thread.runHere([&] {
    ran_here = loop_thread.isCurrentThread() && LoopThread::current() == &loop_thread;
    loop_thread.stop();
  });
  EXPECT_TRUE(ran_here);
}

}  // namespace
}  // namespace switchyard
