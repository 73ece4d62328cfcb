#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dispatcher/router/bytes_equal.h"
#include "dispatcher/router/name_head.h"

namespace switchyard::router {

// The exact strings of every condition at one trie node, hashed once: a string value from the
// event costs one hash and one comparison however many rules list values for that field (rule
// tables typically discriminate on `source` or `detail-type`).
//
// NOTE: immutable after build(); find() allocates nothing.
class ExactStringIndex {
 public:
  // `entries` pairs a string with the id of a condition listing it; duplicates are merged.
  static ExactStringIndex build(std::vector<std::pair<std::string, uint32_t>> entries);

  bool empty() const { return strings_.empty(); }

  // Ids of the conditions that list `value` (empty if none); `head` is nameHead(value).
  std::span<const uint32_t> find(std::string_view value, uint64_t head) const {
    if (strings_.size() <= kLinearScanLimit) {
      // Most fields list a value or two: comparing beats hashing (measured on the rule table).
      for (size_t entry = 0; entry < strings_.size(); ++entry) {
        if (bytesEqual(strings_[entry], value)) {
          return idsOf(entry);
        }
      }
      return {};
    }
    const size_t mask = slots_.size() - 1;
    for (size_t slot = hashOf(value, head) & mask;; slot = (slot + 1) & mask) {
      const uint32_t entry = slots_[slot];
      if (entry == kEmptySlot) {
        return {};
      }
      if (bytesEqual(strings_[entry], value)) {
        return idsOf(entry);
      }
    }
  }

  // Cheap, not cryptographic: length, first and last 8 bytes. Patterns come from the operator's
  // config, so there is no adversary to shape collisions; event values only probe.
  static uint64_t hashOf(std::string_view value, uint64_t head) {
    uint64_t last = 0;
    if (value.size() > 8) {
      std::memcpy(&last, value.data() + value.size() - 8, 8);
    }
    const uint64_t hash =
        (head ^ (last * 0x9E3779B97F4A7C15ull) ^ value.size()) * 0xBF58476D1CE4E5B9ull;
    return hash ^ (hash >> 31);
  }

 private:
  static constexpr uint32_t kEmptySlot = UINT32_MAX;
  static constexpr size_t kLinearScanLimit = 4;

  std::span<const uint32_t> idsOf(size_t entry) const {
    return std::span<const uint32_t>(ids_).subspan(id_begin_[entry],
                                                   id_begin_[entry + 1] - id_begin_[entry]);
  }

  std::vector<std::string> strings_;
  std::vector<uint32_t> id_begin_;  // ids of strings_[i] are ids_[id_begin_[i], id_begin_[i+1])
  std::vector<uint32_t> ids_;
  std::vector<uint32_t> slots_;  // open addressing, power-of-two size, load <= 1/2
};

}  // namespace switchyard::router
