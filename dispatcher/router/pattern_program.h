#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dispatcher/router/exact_string_index.h"
#include "dispatcher/router/name_head.h"

// The compiled form of EventBridge event patterns, in two stages:
//   PatternSpec    one pattern after compile: its leaf conditions (field path + matchers) and its
//                  $or expanded to disjunctive normal form (alternatives of condition ids).
//   PatternProgram one or more specs merged for evaluation: a trie of field paths, conditions
//                  numbered program-wide (one bit each) and each alternative as a bit mask.
// Keeping the spec lets a PatternSet merge many patterns into one program, so a rule table costs
// one walk of the event instead of one per rule.
//
// Value semantics (EventBridge "content filtering", with choices where the docs are silent):
//   - Only scalar values (string, number, boolean, null) are leaf values; an event array is a set
//   of
//     values (any element may satisfy), nested arrays are flattened. An object where a leaf was
//     expected holds no value, so `exists: true` does not match it, nor does an empty array.
//   - Types never convert: the string "5" does not equal the number 5; numbers compare as doubles.
//   - anything-but with values matches any present scalar not listed (so also booleans and null);
//     anything-but with string tests (prefix, suffix, equals-ignore-case, wildcard) matches only
//     strings that pass none of the tests.
//   - Case folding for equals-ignore-case is ASCII-only; other bytes must be equal.
//   - Conditions are satisfied independently: with an array of objects in the event, two
//     conditions of one alternative may be satisfied by different elements.

namespace switchyard::router {

// `*` matches any run of bytes (including none); the literal text between stars is in `segments`
// (unescaped, never empty). No stars at all means an exact match against segments[0].
struct WildcardPattern {
  std::vector<std::string> segments;
  bool leading_star = false;
  bool trailing_star = false;
  bool has_star = false;
};

// A test on a string value. The IgnoreCase kinds store `text` lower-cased.
struct StringTest {
  enum class Kind : uint8_t {
    kPrefix,
    kPrefixIgnoreCase,
    kSuffix,
    kSuffixIgnoreCase,
    kEqualsIgnoreCase,
    kWildcard,
  };
  Kind kind = Kind::kPrefix;
  std::string text;
  WildcardPattern wildcard;  // kWildcard only
};

// `lower < value < upper`, each bound optionally inclusive; infinite when absent.
struct NumericRange {
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
  bool lower_inclusive = false;
  bool upper_inclusive = false;
};

struct CidrBlock {
  std::array<uint8_t, 16> network{};  // masked to prefix_bits
  uint8_t address_bytes = 4;          // 4 (IPv4) or 16 (IPv6)
  uint8_t prefix_bits = 0;
};

struct AnythingBut {
  // Either excluded values (strings, numbers) or string tests; never both.
  std::vector<std::string> strings;  // sorted
  std::vector<double> numbers;
  std::vector<StringTest> string_tests;
};

// One leaf of the pattern: the field at `path` must have a value satisfying any of the matchers
// (or, with `absent_ok`, have no value at all).
struct Condition {
  std::vector<std::string> path;
  std::vector<std::string> exact_strings;  // sorted, unique
  std::vector<double> exact_numbers;
  bool match_true = false;
  bool match_false = false;
  bool match_null = false;
  bool exists = false;     // {"exists": true}: any scalar value
  bool absent_ok = false;  // {"exists": false}
  std::vector<StringTest> string_tests;
  std::vector<NumericRange> ranges;
  std::vector<CidrBlock> cidrs;
  std::vector<AnythingBut> anything_buts;
};

struct PatternSpec {
  std::vector<Condition> conditions;
  // DNF: the pattern matches if every condition of some alternative is satisfied. An empty
  // alternative matches every JSON object.
  std::vector<std::vector<uint32_t>> alternatives;
};

struct TrieChild {
  std::string name;   // unescaped field name
  uint64_t head = 0;  // nameHead(name)
  uint32_t node = 0;
};

// Conditions are listed by the value types they can match, so a value is only offered to
// conditions that may accept it.
struct TrieNode {
  std::vector<TrieChild> children;
  std::vector<uint32_t> conditions;            // every condition evaluated on values here
  ExactStringIndex exact_strings;              // their exact string values, hashed
  std::vector<uint32_t> string_conditions;     // those with string tests beyond exact values
  std::vector<uint32_t> number_conditions;     // those that can match a number
  std::vector<uint32_t> absent_ok_conditions;  // {"exists": false}: must know a value was seen
};

struct PatternProgram {
  std::vector<TrieNode> nodes;  // nodes[0] is the event's top-level object
  // Copies of the specs' conditions, except that exact strings live in the nodes' indexes.
  std::vector<Condition> conditions;
  size_t word_count = 1;                       // 64-bit words per condition bit set
  std::vector<uint64_t> absent_ok_mask;        // word_count words
  std::vector<uint64_t> alternative_masks;     // word_count words per alternative
  std::vector<uint32_t> pattern_alternatives;  // pattern p owns [pattern_alternatives[p], [p+1])

  size_t patternCount() const { return pattern_alternatives.size() - 1; }
};

// Merges specs into one program; pattern i of the program is specs[i].
PatternProgram buildProgram(std::span<const PatternSpec* const> specs);

}  // namespace switchyard::router
