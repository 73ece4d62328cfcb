#pragma once

#include <yaml-cpp/yaml.h>

#include <span>
#include <string>
#include <string_view>

#include "gateway/core/result.h"

// Reading pattern YAML the way EventBridge reads pattern JSON, plus the error style shared by the
// pattern compiler. JSON is YAML, so `5` (plain) is a number and `"5"` (quoted) a string; plain
// true/false/null (and YAML's True, NULL, ~ spellings) are booleans and null.

namespace switchyard::router {

struct ScalarValue {
  enum class Kind { kString, kNumber, kBool, kNull };
  Kind kind = Kind::kNull;
  std::string text;  // as written (for strings: the string)
  double number = 0;
  bool boolean = false;
};

// `node` must be a scalar or null.
ScalarValue classifyScalar(const YAML::Node& node);

// How a node reads in an error message: "abc" quoted, 5, true, null, a list, an object.
std::string describeNode(const YAML::Node& node);

// The keyword closest to `word` by edit distance, or "" if none is plausibly a typo of it.
std::string_view closestKeyword(std::string_view word, std::span<const std::string_view> keywords);

// Compile-time state shared by the pattern and leaf compilers: where errors point and how much of
// the size budget is used.
class PatternCompileContext {
 public:
  explicit PatternCompileContext(const std::string& file) : file_(file) {}

  // "file:line:col: key_path: message" at `node` (config::formatError).
  Error error(const YAML::Node& node, std::string_view key_path, std::string_view message) const;

  // Counts one matcher value against the budget; false once the pattern is too large.
  bool countMatcher() { return ++matcher_count_ <= kMaxMatchers; }

  static constexpr size_t kMaxMatchers = 4096;

 private:
  const std::string& file_;
  size_t matcher_count_ = 0;
};

}  // namespace switchyard::router
