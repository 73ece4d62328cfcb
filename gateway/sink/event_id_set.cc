#include "gateway/sink/event_id_set.h"

#include <algorithm>
#include <bit>
#include <new>

#include "gateway/core/event_id.h"

namespace switchyard {
namespace {

uint64_t readBigEndian(const uint8_t* bytes) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value = value << 8 | bytes[i];
  }
  return value;
}

uint64_t fnv1a(std::string_view text, uint64_t basis) {
  uint64_t hash = basis;
  for (char c : text) {
    hash = (hash ^ static_cast<uint8_t>(c)) * 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

EventIdSet::Key EventIdSet::keyOf(std::string_view id) {
  EventId parsed;
  if (EventId::parse(id, &parsed)) {
    return {readBigEndian(parsed.bytes().data()), readBigEndian(parsed.bytes().data() + 8)};
  }
  Key key{fnv1a(id, 0xcbf29ce484222325ULL), fnv1a(id, 0x84222325cbf29ce4ULL)};
  key.high &= ~(uint64_t{0xf} << 12);  // version nibble 0: not a UUID
  return key;
}

std::string EventIdSet::textOf(Key key) {
  if (((key.high >> 12) & 0xf) == 0) {
    return "<non-uuid id>";
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(EventId::kTextLength);
  for (int i = 0; i < 32; ++i) {
    uint64_t half = i < 16 ? key.high : key.low;
    int shift = 60 - 4 * (i % 16);
    if (i == 8 || i == 12 || i == 16 || i == 20) {
      text.push_back('-');
    }
    text.push_back(kHex[(half >> shift) & 0xf]);
  }
  return text;
}

EventIdSet::EventIdSet(size_t expected_ids) {
  capacity_ = std::bit_ceil(std::max<size_t>(16, expected_ids * 2));
  slots_ = allocate(capacity_);
}

std::unique_ptr<EventIdSet::Slot, EventIdSet::FreeSlots> EventIdSet::allocate(size_t capacity) {
  // calloc, not new[]: large blocks come from fresh zero pages that cost nothing until touched.
  auto* slots = static_cast<Slot*>(std::calloc(capacity, sizeof(Slot)));
  if (slots == nullptr) {
    throw std::bad_alloc();
  }
  return std::unique_ptr<Slot, FreeSlots>(slots);
}

size_t EventIdSet::indexOf(Key key) const {
  // UUIDv7's low half is random; the multiply spreads any other key too.
  uint64_t mixed = (key.low ^ std::rotl(key.high, 29)) * 0x9e3779b97f4a7c15ULL;
  return static_cast<size_t>(mixed >> 32) & (capacity_ - 1);
}

uint32_t EventIdSet::add(Key key) {
  if ((size_ + 1) * 2 > capacity_) {
    grow();
  }
  Slot* slots = slots_.get();
  for (size_t i = indexOf(key);; i = (i + 1) & (capacity_ - 1)) {
    if (slots[i].count == 0) {
      slots[i].key = key;
      slots[i].count = 1;
      ++size_;
      return 1;
    }
    if (slots[i].key == key) {
      return ++slots[i].count;
    }
  }
}

uint32_t EventIdSet::count(Key key) const {
  const Slot* slots = slots_.get();
  for (size_t i = indexOf(key);; i = (i + 1) & (capacity_ - 1)) {
    if (slots[i].count == 0) {
      return 0;
    }
    if (slots[i].key == key) {
      return slots[i].count;
    }
  }
}

void EventIdSet::clear() {
  slots_ = allocate(capacity_);  // fresh zero pages instead of touching the old ones
  size_ = 0;
}

void EventIdSet::grow() {
  std::unique_ptr<Slot, FreeSlots> old = std::move(slots_);
  size_t old_capacity = capacity_;
  capacity_ *= 2;
  slots_ = allocate(capacity_);
  size_ = 0;
  for (size_t i = 0; i < old_capacity; ++i) {
    const Slot& slot = old.get()[i];
    if (slot.count == 0) {
      continue;
    }
    Slot* slots = slots_.get();
    size_t j = indexOf(slot.key);
    while (slots[j].count != 0) {
      j = (j + 1) & (capacity_ - 1);
    }
    slots[j] = slot;
    ++size_;
  }
}

}  // namespace switchyard
