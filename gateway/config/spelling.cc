#include "gateway/config/spelling.h"

#include <algorithm>
#include <vector>

namespace switchyard::config {

size_t editDistance(std::string_view a, std::string_view b) {
  // Three rows of the dynamic-programming table: i-2, i-1 and i.
  const size_t columns = b.size() + 1;
  std::vector<size_t> before_previous(columns);
  std::vector<size_t> previous(columns);
  std::vector<size_t> current(columns);
  for (size_t j = 0; j < columns; ++j) {
    previous[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j < columns; ++j) {
      const size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before_previous[j - 2] + 1);
      }
    }
    std::swap(before_previous, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string_view> closestSpelling(std::string_view word,
                                                const std::vector<std::string_view>& candidates,
                                                size_t max_distance) {
  std::optional<std::string_view> best;
  size_t best_distance = max_distance + 1;
  for (const std::string_view candidate : candidates) {
    const size_t distance = editDistance(word, candidate);
    if (distance < best_distance && distance < word.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace switchyard::config
