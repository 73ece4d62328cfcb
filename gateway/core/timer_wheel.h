#pragma once

#include <cstddef>
#include <cstdint>

namespace switchyard {

// One hierarchical timing wheel per loop (DESIGN.md §5): every timeout, retry backoff and idle
// timer of a shard lives here, and a single uv timer wakes the loop for the earliest one.
// Add, cancel and reschedule are O(1); expiry cascades entries down 4 levels of 64 slots at 1 ms
// resolution (level spans: 64 ms, 4.1 s, 4.4 min, 4.7 h). Deadlines further out are parked in the
// top level and re-filed when they come round.
//
// NOTE: thread-confined to the owning loop. An entry must be cancelled (or have fired) before it
// is destroyed; the destructor checks this in debug builds.
class TimerWheel;

class TimerEntry {
 public:
  using Callback = void (*)(void* context);

  TimerEntry() = default;
  TimerEntry(Callback callback, void* context) : callback_(callback), context_(context) {}
  ~TimerEntry();
  TimerEntry(const TimerEntry&) = delete;
  TimerEntry& operator=(const TimerEntry&) = delete;

  void setCallback(Callback callback, void* context) {
    callback_ = callback;
    context_ = context;
  }
  bool scheduled() const { return wheel_ != nullptr; }
  int64_t deadline() const { return deadline_; }

 private:
  friend class TimerWheel;
  Callback callback_ = nullptr;
  void* context_ = nullptr;
  TimerWheel* wheel_ = nullptr;
  TimerEntry* prev_ = nullptr;
  TimerEntry* next_ = nullptr;
  int64_t deadline_ = 0;
  uint16_t slot_ = 0;  // level * 64 + index
};

class TimerWheel {
 public:
  static constexpr int kLevels = 4;
  static constexpr int kSlotBits = 6;
  static constexpr int kSlots = 1 << kSlotBits;
  static constexpr int64_t kNever = INT64_MAX;

  explicit TimerWheel(int64_t now_ms);
  ~TimerWheel();
  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;

  // (Re)schedules `entry` to fire at `deadline_ms`; a deadline not after now fires on the next
  // advance.
  void schedule(TimerEntry* entry, int64_t deadline_ms);
  void cancel(TimerEntry* entry);

  // Fires, in deadline order, every entry due at or before `now_ms`. Callbacks may schedule or
  // cancel any entry, including themselves.
  void advance(int64_t now_ms);

  // A lower bound for the earliest deadline (the tick at which the wheel next has work), or
  // kNever when empty. Arm the loop timer for this.
  int64_t nextWakeup() const;

  int64_t now() const { return now_; }
  size_t size() const { return size_; }

 private:
  void insert(TimerEntry* entry);
  void unlink(TimerEntry* entry);
  int64_t nextEventTick() const;
  void processTick();

  int64_t now_;  // the last tick processed
  size_t size_ = 0;
  uint64_t occupied_[kLevels] = {};  // bit i: slot i of that level is non-empty
  TimerEntry* slots_[kLevels][kSlots] = {};
};

}  // namespace switchyard
