#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace switchyard {

// Hash that lets unordered maps keyed by std::string be searched with a string_view, so lookups
// on the request path allocate nothing.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

}  // namespace switchyard
