#include "gateway/core/timer_wheel.h"

#include <bit>

#include "gateway/core/assert.h"

namespace switchyard {
namespace {

constexpr int64_t levelSpan(int level) { return int64_t{1} << (TimerWheel::kSlotBits * level); }

}  // namespace

TimerEntry::~TimerEntry() { SY_DEBUG_ASSERT(wheel_ == nullptr); }

TimerWheel::TimerWheel(int64_t now_ms) : now_(now_ms) {}

TimerWheel::~TimerWheel() {
  // Detach whatever is left so entries destroyed later do not point here.
  for (auto& level : slots_) {
    for (TimerEntry*& head : level) {
      while (head != nullptr) {
        TimerEntry* entry = head;
        head = entry->next_;
        entry->wheel_ = nullptr;
        entry->prev_ = entry->next_ = nullptr;
      }
    }
  }
}

void TimerWheel::schedule(TimerEntry* entry, int64_t deadline_ms) {
  if (entry->wheel_ != nullptr) {
    entry->wheel_->cancel(entry);  // unlinks and keeps size_ right
  }
  // now_'s tick was already processed: the earliest an outside caller can fire is now_ + 1.
  entry->deadline_ = deadline_ms > now_ ? deadline_ms : now_ + 1;
  entry->wheel_ = this;
  ++size_;
  insert(entry);
}

void TimerWheel::cancel(TimerEntry* entry) {
  if (entry->wheel_ == this) {
    unlink(entry);
    entry->wheel_ = nullptr;
    --size_;
  }
}

// Files an entry in the lowest level whose span covers its distance from now. A slot at level L
// holds deadlines within one 64^L block; that block starts after now_, so its slot is reached (and
// cascaded or fired) no later than the deadline. An entry due now goes to the current level-0
// slot, which processTick() fires right after cascading.
void TimerWheel::insert(TimerEntry* entry) {
  int64_t delta = entry->deadline_ - now_;
  int level = 0;
  while (level < kLevels - 1 && delta >= levelSpan(level + 1)) {
    ++level;
  }
  int64_t filed_at = entry->deadline_;
  if (delta >= levelSpan(kLevels)) {
    filed_at = now_ + levelSpan(kLevels) - 1;  // parked: re-filed when its slot comes round
  }
  int index = static_cast<int>((filed_at >> (kSlotBits * level)) & (kSlots - 1));
  entry->slot_ = static_cast<uint16_t>(level * kSlots + index);
  TimerEntry*& head = slots_[level][index];
  entry->prev_ = nullptr;
  entry->next_ = head;
  if (head != nullptr) {
    head->prev_ = entry;
  }
  head = entry;
  occupied_[level] |= uint64_t{1} << index;
}

void TimerWheel::unlink(TimerEntry* entry) {
  int level = entry->slot_ / kSlots;
  int index = entry->slot_ % kSlots;
  if (entry->prev_ != nullptr) {
    entry->prev_->next_ = entry->next_;
  } else {
    slots_[level][index] = entry->next_;
  }
  if (entry->next_ != nullptr) {
    entry->next_->prev_ = entry->prev_;
  }
  if (slots_[level][index] == nullptr) {
    occupied_[level] &= ~(uint64_t{1} << index);
  }
  entry->prev_ = entry->next_ = nullptr;
}

// The first tick after now_ at which some non-empty slot is processed.
int64_t TimerWheel::nextEventTick() const {
  int64_t best = kNever;
  for (int level = 0; level < kLevels; ++level) {
    if (occupied_[level] == 0) {
      continue;
    }
    int shift = kSlotBits * level;
    int64_t block = now_ >> shift;
    int current = static_cast<int>(block & (kSlots - 1));
    // Bit j of `ahead` is slot current+1+j: reached after j+1 more blocks of this level.
    int rotate = (current + 1) & (kSlots - 1);
    uint64_t ahead = std::rotr(occupied_[level], rotate);
    int steps = std::countr_zero(ahead) + 1;
    int64_t tick = (block + steps) << shift;
    if (tick < best) {
      best = tick;
    }
  }
  return best;
}

int64_t TimerWheel::nextWakeup() const { return size_ == 0 ? kNever : nextEventTick(); }

void TimerWheel::advance(int64_t now_ms) {
  while (size_ > 0) {
    int64_t tick = nextEventTick();
    if (tick > now_ms) {
      break;
    }
    now_ = tick;
    processTick();
  }
  if (now_ms > now_) {
    now_ = now_ms;
  }
}

void TimerWheel::processTick() {
  // Cascade from the top so entries land in lower levels before those are processed.
  for (int level = kLevels - 1; level >= 1; --level) {
    if ((now_ & (levelSpan(level) - 1)) != 0) {
      continue;
    }
    int index = static_cast<int>((now_ >> (kSlotBits * level)) & (kSlots - 1));
    TimerEntry* entry = slots_[level][index];
    slots_[level][index] = nullptr;
    occupied_[level] &= ~(uint64_t{1} << index);
    while (entry != nullptr) {
      TimerEntry* next = entry->next_;
      insert(entry);
      entry = next;
    }
  }
  // Fire the due slot one entry at a time: a callback may cancel other due entries. Nothing can be
  // added to this slot meanwhile (schedule() never files before now_ + 1).
  TimerEntry*& due = slots_[0][now_ & (kSlots - 1)];
  while (due != nullptr) {
    TimerEntry* entry = due;
    SY_DEBUG_ASSERT(entry->deadline_ == now_);
    unlink(entry);
    entry->wheel_ = nullptr;
    --size_;
    entry->callback_(entry->context_);
  }
}

}  // namespace switchyard
