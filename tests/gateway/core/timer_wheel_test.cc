#include "gateway/core/timer_wheel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "gateway/core/random.h"

namespace switchyard {
namespace {

// Level spans of the wheel: 64 ms, 4.1 s, 4.4 min, 4.66 h.
constexpr int64_t kLevel1 = 64;
constexpr int64_t kLevel2 = 64 * 64;
constexpr int64_t kLevel3 = 64 * 64 * 64;
constexpr int64_t kTopSpan = 64 * 64 * 64 * 64;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

struct Firing {
  int id;
  int64_t at;  // wheel.now() inside the callback
  bool operator==(const Firing&) const = default;
};

// A timer that records when it fired into a shared log. Callbacks may run an extra action.
struct Probe {
  TimerEntry entry;
  int id = 0;
  TimerWheel* wheel = nullptr;
  std::vector<Firing>* log = nullptr;
  void (*action)(Probe& self) = nullptr;
  void* extra = nullptr;

  Probe() { entry.setCallback(&Probe::onFire, this); }
  // Leaves the wheel consistent even when an assertion ends a test early.
  ~Probe() {
    if (entry.scheduled()) {
      wheel->cancel(&entry);
    }
  }
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;

  static void onFire(void* context) {
    auto& self = *static_cast<Probe*>(context);
    self.log->push_back({self.id, self.wheel->now()});
    if (self.action != nullptr) {
      self.action(self);
    }
  }
};

class TimerWheelTest : public ::testing::Test {
 protected:
  // Wires `count` probes to `wheel` and the shared log.
  std::unique_ptr<Probe[]> makeProbes(TimerWheel& wheel, int count) {
    auto probes = std::make_unique<Probe[]>(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
      probes[i].id = i;
      probes[i].wheel = &wheel;
      probes[i].log = &log_;
    }
    return probes;
  }

  std::vector<Firing> log_;
};

TEST_F(TimerWheelTest, FiresInDeadlineOrderRegardlessOfScheduleOrder) {
  TimerWheel wheel(1000);
  auto probes = makeProbes(wheel, 6);
  const int64_t offsets[] = {5000, 3, 70, 300'000, 64, 4096};
  for (int i = 0; i < 6; ++i) {
    wheel.schedule(&probes[i].entry, 1000 + offsets[i]);
  }
  EXPECT_EQ(wheel.size(), 6u);
  wheel.advance(1000 + 400'000);
  const std::vector<Firing> expected = {{1, 1003}, {4, 1064}, {2, 1070},
                                        {5, 5096}, {0, 6000}, {3, 301'000}};
  EXPECT_EQ(log_, expected);
  EXPECT_EQ(wheel.size(), 0u);
  EXPECT_EQ(wheel.nextWakeup(), TimerWheel::kNever);
}

TEST_F(TimerWheelTest, EmptyWheelHasNoWakeupAndAdvancesToTheGivenTime) {
  TimerWheel wheel(42);
  EXPECT_EQ(wheel.nextWakeup(), TimerWheel::kNever);
  wheel.advance(10 * kDay);
  EXPECT_EQ(wheel.now(), 10 * kDay);
  wheel.advance(5);  // time never goes backwards
  EXPECT_EQ(wheel.now(), 10 * kDay);
}

TEST_F(TimerWheelTest, DeadlineNotAfterNowFiresOnTheNextTick) {
  TimerWheel wheel(500);
  auto probes = makeProbes(wheel, 2);
  wheel.schedule(&probes[0].entry, 500);
  wheel.schedule(&probes[1].entry, 100);
  EXPECT_EQ(probes[0].entry.deadline(), 501);
  EXPECT_EQ(probes[1].entry.deadline(), 501);
  wheel.advance(500);
  EXPECT_TRUE(log_.empty());
  wheel.advance(501);
  ASSERT_EQ(log_.size(), 2u);
  EXPECT_EQ(log_[0].at, 501);
  EXPECT_EQ(log_[1].at, 501);
}

// (start time, distance to the deadline): every level boundary, from aligned and unaligned
// starting points, plus deadlines beyond the top level (parked and re-filed).
class TimerWheelBoundaryTest : public ::testing::TestWithParam<std::tuple<int64_t, int64_t>> {};

TEST_P(TimerWheelBoundaryTest, FiresExactlyAtTheDeadlineTick) {
  const auto [start, distance] = GetParam();
  TimerWheel wheel(start);
  std::vector<Firing> log;
  Probe probe;
  probe.wheel = &wheel;
  probe.log = &log;
  wheel.schedule(&probe.entry, start + distance);

  const int64_t wakeup = wheel.nextWakeup();
  EXPECT_GE(wakeup, start + 1);
  EXPECT_LE(wakeup, start + distance);

  wheel.advance(start + distance - 1);
  EXPECT_TRUE(log.empty()) << "fired early, at " << (log.empty() ? 0 : log[0].at);
  EXPECT_TRUE(probe.entry.scheduled());
  EXPECT_GE(wheel.nextWakeup(), start + distance - 1 + 1);
  EXPECT_LE(wheel.nextWakeup(), start + distance);

  wheel.advance(start + distance);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at, start + distance);
  EXPECT_FALSE(probe.entry.scheduled());
  EXPECT_EQ(wheel.size(), 0u);
}

TEST_P(TimerWheelBoundaryTest, FiresExactlyAtTheDeadlineWhenAdvancedInUnevenSteps) {
  const auto [start, distance] = GetParam();
  TimerWheel wheel(start);
  std::vector<Firing> log;
  Probe probe;
  probe.wheel = &wheel;
  probe.log = &log;
  wheel.schedule(&probe.entry, start + distance);
  Random random(static_cast<uint64_t>(start ^ distance));
  int64_t now = start;
  while (log.empty() && now < start + distance + 10) {
    // Steps from 1 ms up to about a quarter of the remaining distance, so every level is crossed.
    int64_t remaining = std::max<int64_t>(1, start + distance - now);
    now += 1 + static_cast<int64_t>(random.below(static_cast<uint64_t>(remaining / 4 + 1)));
    wheel.advance(now);
    if (log.empty()) {
      ASSERT_LT(now, start + distance) << "missed its deadline";
      ASSERT_LE(wheel.nextWakeup(), start + distance);
      ASSERT_GT(wheel.nextWakeup(), now);
    }
  }
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at, start + distance);
}

INSTANTIATE_TEST_SUITE_P(
    LevelBoundaries, TimerWheelBoundaryTest,
    ::testing::Combine(::testing::Values(int64_t{0}, int64_t{1}, int64_t{63}, int64_t{1'000'003},
                                         int64_t{kTopSpan - 1}, int64_t{1'700'000'000'123}),
                       ::testing::Values(int64_t{1}, kLevel1 - 1, kLevel1, kLevel1 + 1, kLevel2 - 1,
                                         kLevel2, kLevel3 - 1, kLevel3, kTopSpan - 1, kTopSpan,
                                         kTopSpan + 1,
                                         5 * kHour,        // beyond the top level: parked once
                                         3 * kDay + 17)),  // parked and re-filed many times
    [](const ::testing::TestParamInfo<std::tuple<int64_t, int64_t>>& param_info) {
      return "start" + std::to_string(std::get<0>(param_info.param)) + "_in" +
             std::to_string(std::get<1>(param_info.param)) + "ms";
    });

TEST_F(TimerWheelTest, FiresOnItsTickWhenAdvancedOneMillisecondAtATime) {
  TimerWheel wheel(1'000'003);
  auto probes = makeProbes(wheel, 5);
  const int64_t distances[] = {kLevel1 - 1, kLevel1, kLevel2 - 1, kLevel2, kLevel3};
  for (int i = 0; i < 5; ++i) {
    wheel.schedule(&probes[i].entry, 1'000'003 + distances[i]);
  }
  for (int64_t now = 1'000'004; now <= 1'000'003 + kLevel3; ++now) {
    size_t before = log_.size();
    wheel.advance(now);
    for (size_t k = before; k < log_.size(); ++k) {
      ASSERT_EQ(log_[k].at, now);
      ASSERT_EQ(1'000'003 + distances[log_[k].id], now);
    }
  }
  EXPECT_EQ(log_.size(), 5u);
}

TEST_F(TimerWheelTest, ParkedDeadlineWakesEarlyToRefileButFiresOnlyAtItsDeadline) {
  TimerWheel wheel(0);
  auto probes = makeProbes(wheel, 1);
  const int64_t deadline = 2 * kDay + 12'345;
  wheel.schedule(&probes[0].entry, deadline);
  int wakeups = 0;
  while (log_.empty()) {
    int64_t wakeup = wheel.nextWakeup();
    ASSERT_GT(wakeup, wheel.now());
    ASSERT_LE(wakeup, deadline);
    wheel.advance(wakeup);
    ++wakeups;
    ASSERT_LT(wakeups, 1000) << "the parked timer never came due";
  }
  EXPECT_EQ(log_[0].at, deadline);
  EXPECT_GT(wakeups, 1);  // it was re-filed on its way down
}

TEST_F(TimerWheelTest, CancelledEntryNeverFires) {
  TimerWheel wheel(0);
  auto probes = makeProbes(wheel, 3);
  wheel.schedule(&probes[0].entry, 10);
  wheel.schedule(&probes[1].entry, 10);
  wheel.schedule(&probes[2].entry, 100'000);
  wheel.cancel(&probes[0].entry);
  wheel.cancel(&probes[2].entry);
  EXPECT_FALSE(probes[0].entry.scheduled());
  EXPECT_EQ(wheel.size(), 1u);
  wheel.advance(kDay);
  EXPECT_EQ(log_, (std::vector<Firing>{{1, 10}}));
  EXPECT_EQ(wheel.nextWakeup(), TimerWheel::kNever);
}

TEST_F(TimerWheelTest, CancelOfAnUnscheduledEntryIsHarmless) {
  TimerWheel wheel(0);
  auto probes = makeProbes(wheel, 2);
  wheel.cancel(&probes[0].entry);
  wheel.schedule(&probes[1].entry, 5);
  wheel.advance(5);
  wheel.cancel(&probes[1].entry);  // already fired
  EXPECT_EQ(wheel.size(), 0u);
  EXPECT_EQ(log_.size(), 1u);
}

TEST_F(TimerWheelTest, RescheduleMovesTheDeadlineEitherWay) {
  TimerWheel wheel(0);
  auto probes = makeProbes(wheel, 2);
  wheel.schedule(&probes[0].entry, 10);
  wheel.schedule(&probes[0].entry, 5000);  // later
  wheel.schedule(&probes[1].entry, 300'000);
  wheel.schedule(&probes[1].entry, 20);  // earlier, and from a higher level
  EXPECT_EQ(wheel.size(), 2u);
  EXPECT_LE(wheel.nextWakeup(), 20);
  wheel.advance(400'000);
  EXPECT_EQ(log_, (std::vector<Firing>{{1, 20}, {0, 5000}}));
}

TEST_F(TimerWheelTest, CallbackCanRescheduleItself) {
  TimerWheel wheel(0);
  auto probes = makeProbes(wheel, 1);
  probes[0].action = [](Probe& self) {
    if (self.log->size() < 5) {
      self.wheel->schedule(&self.entry, self.wheel->now() + 100);
    }
  };
  wheel.schedule(&probes[0].entry, 100);
  wheel.advance(10'000);
  EXPECT_EQ(log_, (std::vector<Firing>{{0, 100}, {0, 200}, {0, 300}, {0, 400}, {0, 500}}));
}

TEST_F(TimerWheelTest, CallbackCancellingAnotherEntryDueInTheSameTickStopsIt) {
  for (int canceller = 0; canceller < 2; ++canceller) {
    log_.clear();
    TimerWheel wheel(7);
    auto probes = makeProbes(wheel, 2);
    // Whichever of the two fires first cancels the other: exactly one of them runs.
    probes[0].extra = &probes[1];
    probes[1].extra = &probes[0];
    for (int i = 0; i < 2; ++i) {
      probes[i].action = [](Probe& self) {
        self.wheel->cancel(&static_cast<Probe*>(self.extra)->entry);
      };
    }
    wheel.schedule(&probes[canceller].entry, 4200);
    wheel.schedule(&probes[1 - canceller].entry, 4200);
    wheel.advance(5000);
    ASSERT_EQ(log_.size(), 1u);
    EXPECT_EQ(log_[0].at, 4200);
    EXPECT_EQ(wheel.size(), 0u);
  }
}

TEST_F(TimerWheelTest, CallbackSchedulingAnEntryForTheCurrentTickFiresItOnTheNextTick) {
  TimerWheel wheel(0);
  auto probes = makeProbes(wheel, 2);
  probes[0].extra = &probes[1];
  probes[0].action = [](Probe& self) {
    self.wheel->schedule(&static_cast<Probe*>(self.extra)->entry, self.wheel->now());
  };
  wheel.schedule(&probes[0].entry, 64);
  wheel.advance(64);
  EXPECT_EQ(log_, (std::vector<Firing>{{0, 64}}));
  EXPECT_TRUE(probes[1].entry.scheduled());
  EXPECT_EQ(wheel.nextWakeup(), 65);
  wheel.advance(65);
  EXPECT_EQ(log_, (std::vector<Firing>{{0, 64}, {1, 65}}));
}

TEST_F(TimerWheelTest, CallbackSchedulingWithinTheAdvancedRangeFiresInTheSameAdvance) {
  TimerWheel wheel(0);
  auto probes = makeProbes(wheel, 3);
  probes[0].extra = &probes[1];
  probes[0].action = [](Probe& self) {
    self.wheel->schedule(&static_cast<Probe*>(self.extra)->entry, self.wheel->now() + 5000);
  };
  wheel.schedule(&probes[0].entry, 100);
  wheel.schedule(&probes[2].entry, 6000);
  wheel.advance(10'000);
  EXPECT_EQ(log_, (std::vector<Firing>{{0, 100}, {1, 5100}, {2, 6000}}));
}

TEST_F(TimerWheelTest, CallbackReschedulingAnEntryDueInTheSameTickDefersIt) {
  TimerWheel wheel(0);
  auto probes = makeProbes(wheel, 2);
  probes[0].extra = &probes[1];
  probes[1].extra = &probes[0];
  for (int i = 0; i < 2; ++i) {
    probes[i].action = [](Probe& self) {
      auto* other = static_cast<Probe*>(self.extra);
      if (other->entry.scheduled()) {
        self.wheel->schedule(&other->entry, self.wheel->now() + 30);
      }
    };
  }
  wheel.schedule(&probes[0].entry, 300);
  wheel.schedule(&probes[1].entry, 300);
  wheel.advance(1000);
  ASSERT_EQ(log_.size(), 2u);
  EXPECT_EQ(log_[0].at, 300);
  EXPECT_EQ(log_[1].at, 330);
  EXPECT_NE(log_[0].id, log_[1].id);
}

TEST_F(TimerWheelTest, CrossesLongIdleGapsInOneAdvance) {
  TimerWheel wheel(123);
  auto probes = makeProbes(wheel, 3);
  wheel.schedule(&probes[0].entry, 123 + 10);
  wheel.advance(123 + 30 * kDay);  // one entry, then a month of nothing
  EXPECT_EQ(log_, (std::vector<Firing>{{0, 133}}));
  EXPECT_EQ(wheel.now(), 123 + 30 * kDay);

  const int64_t now = wheel.now();
  wheel.schedule(&probes[1].entry, now + 5);
  wheel.schedule(&probes[2].entry, now + 7 * kHour);
  EXPECT_LE(wheel.nextWakeup(), now + 5);
  wheel.advance(now + 365 * kDay);
  EXPECT_EQ(log_, (std::vector<Firing>{{0, 133}, {1, now + 5}, {2, now + 7 * kHour}}));
}

TEST_F(TimerWheelTest, DestroyingTheWheelDetachesEntriesStillScheduled) {
  auto probes = std::make_unique<Probe[]>(2);
  {
    TimerWheel wheel(0);
    for (int i = 0; i < 2; ++i) {
      probes[i].wheel = &wheel;
      probes[i].log = &log_;
      wheel.schedule(&probes[i].entry, 100 * (i + 1));
    }
  }
  EXPECT_FALSE(probes[0].entry.scheduled());
  EXPECT_FALSE(probes[1].entry.scheduled());
  EXPECT_TRUE(log_.empty());
}

// Thousands of timers under random schedules, reschedules, cancels and advances, checked against
// a std::multimap of (deadline, id).
TEST_F(TimerWheelTest, AgreesWithAReferenceUnderRandomOperations) {
  constexpr int kTimers = 4000;
  constexpr int kOperations = 60'000;
  const int64_t start = 987'654'321;
  TimerWheel wheel(start);
  auto probes = makeProbes(wheel, kTimers);
  std::multimap<int64_t, int> reference;
  std::vector<std::multimap<int64_t, int>::iterator> where(kTimers, reference.end());
  Random random(20240611);

  auto randomDistance = [&]() -> int64_t {
    switch (random.below(6)) {
      case 0:
        return static_cast<int64_t>(random.below(80));  // includes <= 0 after the -8 below
      case 1:
        return static_cast<int64_t>(random.below(5000));
      case 2:
        return static_cast<int64_t>(random.below(300'000));
      case 3:
        return static_cast<int64_t>(random.below(static_cast<uint64_t>(kTopSpan)));
      case 4:
        return kTopSpan - 64 + static_cast<int64_t>(random.below(128));  // around the top
      default:
        return static_cast<int64_t>(random.below(static_cast<uint64_t>(3 * kDay)));
    }
  };
  auto randomStep = [&]() -> int64_t {
    switch (random.below(8)) {
      case 0:
        return static_cast<int64_t>(random.below(static_cast<uint64_t>(kHour)));
      case 1:
        return static_cast<int64_t>(random.below(static_cast<uint64_t>(kTopSpan)));
      default:
        return static_cast<int64_t>(random.below(200));
    }
  };
  auto forget = [&](int id) {
    if (where[id] != reference.end()) {
      reference.erase(where[id]);
      where[id] = reference.end();
    }
  };

  int64_t now = start;
  size_t fired = 0;
  for (int op = 0; op < kOperations; ++op) {
    const int id = static_cast<int>(random.below(kTimers));
    switch (random.below(10)) {
      case 0:
      case 1:
      case 2:
      case 3: {  // schedule or reschedule
        int64_t deadline = now + randomDistance() - 8;
        int64_t effective = std::max(deadline, now + 1);
        wheel.schedule(&probes[id].entry, deadline);
        forget(id);
        where[id] = reference.emplace(effective, id);
        break;
      }
      case 4:
      case 5: {
        wheel.cancel(&probes[id].entry);
        forget(id);
        break;
      }
      default: {
        now += randomStep();
        log_.clear();
        wheel.advance(now);
        std::vector<Firing> expected;
        for (auto it = reference.begin(); it != reference.end() && it->first <= now;) {
          expected.push_back({it->second, it->first});
          where[it->second] = reference.end();
          it = reference.erase(it);
        }
        // Equal deadlines may fire in any order; deadlines themselves must be non-decreasing.
        ASSERT_TRUE(std::is_sorted(log_.begin(), log_.end(),
                                   [](const Firing& a, const Firing& b) { return a.at < b.at; }))
            << "out of order at op " << op;
        auto byTimeThenId = [](const Firing& a, const Firing& b) {
          return std::tie(a.at, a.id) < std::tie(b.at, b.id);
        };
        std::sort(log_.begin(), log_.end(), byTimeThenId);
        std::sort(expected.begin(), expected.end(), byTimeThenId);
        ASSERT_EQ(log_, expected) << "at op " << op << ", now " << now;
        fired += log_.size();
        break;
      }
    }
    ASSERT_EQ(wheel.size(), reference.size()) << "at op " << op;
    if (reference.empty()) {
      ASSERT_EQ(wheel.nextWakeup(), TimerWheel::kNever);
    } else {
      const int64_t wakeup = wheel.nextWakeup();
      ASSERT_LE(wakeup, reference.begin()->first) << "wakes too late at op " << op;
      ASSERT_GE(wakeup, wheel.now() + 1) << "wakes in the past at op " << op;
    }
  }
  EXPECT_GT(fired, 5000u);  // the run actually exercised expiry
  // Drain whatever is left, far in the future.
  log_.clear();
  wheel.advance(now + 10 * kDay);
  EXPECT_EQ(log_.size(), reference.size());
  EXPECT_EQ(wheel.size(), 0u);
}

}  // namespace
}  // namespace switchyard
