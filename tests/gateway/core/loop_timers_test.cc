#include "gateway/core/loop_timers.h"

#include <gtest/gtest.h>
#include <uv.h>

#include <cstdint>
#include <vector>

namespace switchyard {
namespace {

// Generous: the test machines are shared and sanitizer builds are slow.
constexpr int64_t kLateToleranceMs = 400;

struct Fired {
  int id;
  int64_t at;  // uv_now() when the callback ran
};

struct LoopProbe {
  TimerEntry entry;
  int id = 0;
  LoopTimers* timers = nullptr;
  std::vector<Fired>* log = nullptr;
  int repeats_left = 0;  // > 0: reschedules itself this many more times
  int64_t period_ms = 0;

  LoopProbe() { entry.setCallback(&LoopProbe::onFire, this); }

  static void onFire(void* context) {
    auto& self = *static_cast<LoopProbe*>(context);
    self.log->push_back({self.id, self.timers->now()});
    if (self.repeats_left > 0) {
      --self.repeats_left;
      self.timers->scheduleAfter(&self.entry, self.period_ms);
    }
  }
};

class LoopTimersTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(uv_loop_init(&loop_), 0); }

  // Every handle must be closed by now: the loop closes cleanly (libuv's leak check).
  void TearDown() override {
    uv_run(&loop_, UV_RUN_DEFAULT);
    EXPECT_EQ(uv_loop_close(&loop_), 0);
  }

  uv_loop_t loop_{};
};

TEST_F(LoopTimersTest, FiresOnARealLoopInOrderAndAboutOnTime) {
  LoopTimers timers(&loop_);
  std::vector<Fired> log;
  LoopProbe probes[4];
  const int64_t delays[] = {60, 15, 120, 30};
  uv_update_time(&loop_);
  const int64_t start = timers.now();
  for (int i = 0; i < 4; ++i) {
    probes[i].id = i;
    probes[i].timers = &timers;
    probes[i].log = &log;
    timers.scheduleAfter(&probes[i].entry, delays[i]);
  }
  EXPECT_EQ(timers.pending(), 4u);

  // The loop ends by itself once the wheel is empty: the uv timer is stopped, nothing else is
  // active.
  uv_run(&loop_, UV_RUN_DEFAULT);

  ASSERT_EQ(log.size(), 4u);
  const int expected_order[] = {1, 3, 0, 2};
  for (int k = 0; k < 4; ++k) {
    const int id = expected_order[k];
    EXPECT_EQ(log[k].id, id);
    EXPECT_GE(log[k].at - start, delays[id]) << "timer " << id << " fired early";
    EXPECT_LE(log[k].at - start, delays[id] + kLateToleranceMs) << "timer " << id;
  }
  EXPECT_EQ(timers.pending(), 0u);
  timers.close();
}

TEST_F(LoopTimersTest, CallbacksRescheduleAndCancelledTimersStayQuiet) {
  LoopTimers timers(&loop_);
  std::vector<Fired> log;
  LoopProbe ticker;
  ticker.id = 1;
  ticker.timers = &timers;
  ticker.log = &log;
  ticker.repeats_left = 3;
  ticker.period_ms = 10;
  LoopProbe cancelled;
  cancelled.id = 2;
  cancelled.timers = &timers;
  cancelled.log = &log;
  LoopProbe late;  // armed after an earlier one: must not delay it, nor be lost
  late.id = 3;
  late.timers = &timers;
  late.log = &log;

  uv_update_time(&loop_);
  const int64_t start = timers.now();
  timers.scheduleAfter(&late.entry, 100);
  timers.scheduleAfter(&late.entry, 200);  // rescheduled: counted once
  timers.scheduleAfter(&ticker.entry, 10);
  timers.scheduleAfter(&cancelled.entry, 20);
  timers.cancel(&cancelled.entry);
  EXPECT_EQ(timers.pending(), 2u);
  uv_run(&loop_, UV_RUN_DEFAULT);
  EXPECT_EQ(timers.pending(), 0u);

  ASSERT_EQ(log.size(), 5u);
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(log[k].id, 1);
    EXPECT_GE(log[k].at - start, 10 * (k + 1));
  }
  EXPECT_EQ(log[4].id, 3);
  EXPECT_GE(log[4].at - start, 200);
  EXPECT_LE(log[4].at - start, 200 + kLateToleranceMs);
  timers.close();
}

TEST_F(LoopTimersTest, DestructorClosesTheTimerHandle) {
  {
    LoopTimers timers(&loop_);
    LoopProbe probe;
    std::vector<Fired> log;
    probe.timers = &timers;
    probe.log = &log;
    timers.scheduleAfter(&probe.entry, 10'000);
    timers.cancel(&probe.entry);
  }
  // TearDown runs the loop once more and checks uv_loop_close() succeeds.
}

}  // namespace
}  // namespace switchyard
