#include "dispatcher/router/exact_string_index.h"

#include <algorithm>
#include <bit>

namespace switchyard::router {

ExactStringIndex ExactStringIndex::build(std::vector<std::pair<std::string, uint32_t>> entries) {
  ExactStringIndex index;
  if (entries.empty()) {
    return index;
  }
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i == 0 || entries[i].first != entries[i - 1].first) {
      index.strings_.push_back(entries[i].first);
      index.id_begin_.push_back(static_cast<uint32_t>(index.ids_.size()));
    }
    index.ids_.push_back(entries[i].second);
  }
  index.id_begin_.push_back(static_cast<uint32_t>(index.ids_.size()));

  if (index.strings_.size() <= kLinearScanLimit) {
    return index;  // find() scans
  }
  index.slots_.assign(std::bit_ceil(index.strings_.size() * 2), kEmptySlot);
  const size_t mask = index.slots_.size() - 1;
  for (uint32_t entry = 0; entry < index.strings_.size(); ++entry) {
    size_t slot = hashOf(index.strings_[entry], nameHead(index.strings_[entry])) & mask;
    while (index.slots_[slot] != kEmptySlot) {
      slot = (slot + 1) & mask;
    }
    index.slots_[slot] = entry;
  }
  return index;
}

}  // namespace switchyard::router
