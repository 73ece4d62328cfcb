#pragma once

#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <string_view>

#include "gateway/core/result.h"

namespace switchyard::router {

enum class MatchResult { kMatch, kNoMatch, kNotJson };

// An EventBridge event pattern, compiled once when the config loads and evaluated per event on
// the event's JSON with simdjson On-Demand (no DOM is built per event).
//
// Supported: exact values (strings, numbers, booleans, null), prefix, suffix, anything-but
// (values, lists, {prefix}, {suffix}, {equals-ignore-case}), numeric ranges, exists,
// equals-ignore-case, wildcard, and $or. Arrays in the event match if any element matches.
// An empty pattern ({} or null) matches every JSON event.
//
// NOTE: immutable after compile(); matches() is safe from any thread concurrently (each thread
// uses its own thread-local simdjson parser).
class EventPattern {
 public:
  // `pattern` is YAML (JSON is YAML). Errors use config::formatError: "file:line:col:
  // key_path.sub.key: what was expected", pointing at the offending node.
  static Result<EventPattern> compile(const YAML::Node& pattern, const std::string& file,
                                      std::string_view key_path);

  // `json` must be followed by at least 64 readable bytes (simdjson padding; Event payloads are).
  MatchResult matchPadded(std::string_view json) const;
  // Copies into a padded buffer first: for tests and cold paths.
  MatchResult match(std::string_view json) const;

  bool matchesEverything() const;

  EventPattern(EventPattern&&) noexcept;
  EventPattern& operator=(EventPattern&&) noexcept;
  ~EventPattern();

 private:
  // PatternSet merges the compiled forms of several patterns into one program.
  friend class PatternSet;
  struct Compiled;
  explicit EventPattern(std::unique_ptr<const Compiled> compiled);
  std::unique_ptr<const Compiled> compiled_;
};

}  // namespace switchyard::router
