#include "dispatcher/router/wildcard.h"

#include <utility>

namespace switchyard::router {

std::optional<WildcardPattern> parseWildcard(std::string_view text, std::string& problem) {
  WildcardPattern pattern;
  std::string literal;
  bool after_star = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '*') {
      if (after_star) {
        problem = " has consecutive '*'; a single '*' already matches any run";
        return std::nullopt;
      }
      pattern.leading_star = pattern.leading_star || i == 0;
      if (!literal.empty()) {
        pattern.segments.push_back(std::move(literal));
        literal.clear();
      }
      pattern.has_star = after_star = true;
      continue;
    }
    after_star = false;
    if (c == '\\') {
      if (i + 1 == text.size() || (text[i + 1] != '*' && text[i + 1] != '\\')) {
        problem = R"(: '\' must be followed by '*' or '\')";
        return std::nullopt;
      }
      ++i;
    }
    literal += text[i];
  }
  pattern.trailing_star = after_star;
  if (!literal.empty() || !pattern.has_star) {
    pattern.segments.push_back(std::move(literal));
  }
  return pattern;
}

bool wildcardMatches(const WildcardPattern& pattern, std::string_view value) {
  const std::vector<std::string>& segments = pattern.segments;
  if (!pattern.has_star) {
    return value == segments.front();
  }
  // Anchored ends first; the segments between are then placed leftmost-first, which is optimal
  // when every separator is a single `*`.
  size_t begin = 0;
  size_t end = value.size();
  size_t first = 0;
  size_t last = segments.size();
  if (!pattern.leading_star) {
    if (!value.starts_with(segments.front())) {
      return false;
    }
    begin = segments.front().size();
    first = 1;
  }
  if (!pattern.trailing_star && last > first) {
    const std::string& suffix = segments.back();
    if (end - begin < suffix.size() || !value.ends_with(suffix)) {
      return false;
    }
    end -= suffix.size();
    last -= 1;
  }
  for (size_t i = first; i < last; ++i) {
    const size_t found = value.substr(0, end).find(segments[i], begin);
    if (found == std::string_view::npos) {
      return false;
    }
    begin = found + segments[i].size();
  }
  return true;
}

}  // namespace switchyard::router
