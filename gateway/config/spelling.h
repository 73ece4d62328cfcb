#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

// "Did you mean" for unknown config keys.

namespace switchyard::config {

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
// adjacent characters each cost 1 ("timout" and "tiemout" are both 1 from "timeout").
size_t editDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is within `max_distance` edits and the edits do not
// rewrite the whole word; the first of equally close candidates wins.
std::optional<std::string_view> closestSpelling(std::string_view word,
                                                const std::vector<std::string_view>& candidates,
                                                size_t max_distance);

}  // namespace switchyard::config
