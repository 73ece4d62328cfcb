#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace switchyard {

// The event ids a sink has seen, with a delivery count each: an open-addressing table of 128-bit
// keys (linear probing, at most half full). A UUID id is its own 16 bytes, so a lookup hashes
// nothing and touches one cache line; std::unordered_set would allocate a node per id, which at
// tens of thousands of events per second on the sink's one thread is what made it slow.
//
// The table is zeroed lazily by the kernel (calloc of fresh pages), so reserving room for
// millions of ids costs address space, not memory, until they arrive.
//
// NOTE: not thread-safe; the sink's loop owns it.
class EventIdSet {
 public:
  struct Key {
    uint64_t high = 0;
    uint64_t low = 0;
    bool operator==(const Key&) const = default;
  };

  // A UUID's 128 bits; any other text is hashed, and marked (UUID version 0) so that it is not
  // printed back as if it were a UUID.
  static Key keyOf(std::string_view id);
  // The canonical UUID text of a key, or "<non-uuid id>".
  static std::string textOf(Key key);

  explicit EventIdSet(size_t expected_ids = 1024);

  // One more delivery of `key`; returns how many there have been, this one included.
  uint32_t add(Key key);
  // How many deliveries of `key` were added (0: never).
  uint32_t count(Key key) const;
  size_t size() const { return size_; }
  void clear();

  // Calls visit(key, count) for every key (reconciliation walks the expected set).
  template <typename Visit>
  void forEach(Visit visit) const {
    for (size_t i = 0; i < capacity_; ++i) {
      if (slots_.get()[i].count != 0) {
        visit(slots_.get()[i].key, slots_.get()[i].count);
      }
    }
  }

 private:
  struct Slot {
    Key key;
    uint32_t count;  // 0: empty
  };
  struct FreeSlots {
    void operator()(Slot* slots) const { std::free(slots); }
  };

  static std::unique_ptr<Slot, FreeSlots> allocate(size_t capacity);
  size_t indexOf(Key key) const;
  void grow();

  std::unique_ptr<Slot, FreeSlots> slots_;
  size_t capacity_ = 0;  // a power of two
  size_t size_ = 0;
};

}  // namespace switchyard
