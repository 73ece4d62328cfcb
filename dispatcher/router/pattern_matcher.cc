#include "dispatcher/router/pattern_matcher.h"

#include <simdjson.h>

#include <vector>

#include "dispatcher/router/bytes_equal.h"
#include "dispatcher/router/condition_matcher.h"
#include "dispatcher/router/json_string_scan.h"

namespace switchyard::router {
namespace {

namespace ondemand = simdjson::ondemand;

// Event nesting the walk follows (objects and arrays together) beyond which values are ignored:
// patterns nest at most 32 objects, and the recursion must stay shallow on any input.
constexpr int kMaxWalkDepth = 128;

// Condition bits of programs up to this many words (256 conditions) live on the stack.
constexpr size_t kStackWords = 4;

struct ThreadScratch {
  ondemand::parser parser;
  std::vector<uint64_t> bits;  // for larger programs: matched words, then present words
};

ThreadScratch& threadScratch() {
  thread_local ThreadScratch scratch;
  return scratch;
}

// A field name, compared in place unless it has escapes (then unescaped into the parser's
// string buffer).
simdjson::simdjson_result<ScannedString> fieldName(ondemand::field& field) {
  ScannedString scanned = scanJsonString(field.key().raw());
  if (!scanned.escaped) {
    return scanned;
  }
  std::string_view unescaped;
  if (auto error = field.unescaped_key().get(unescaped)) {
    return error;
  }
  return ScannedString{unescaped, nameHead(unescaped), false};
}

class EventWalker {
 public:
  EventWalker(const PatternProgram& program, uint64_t* matched, uint64_t* present)
      : program_(program), matched_(matched), present_(present) {}

  simdjson::error_code walkObject(ondemand::object& object, const TrieNode& node, int depth) {
    for (auto field_result : object) {
      if (auto error = field_result.error()) {
        return error;
      }
      // By reference: copying a field out (get()) costs a store-forwarding stall per field.
      ondemand::field& field = field_result.value_unsafe();
      if (node.children.empty()) {
        continue;  // the iterator skips the value
      }
      ScannedString name;
      if (auto error = fieldName(field).get(name)) {
        return error;
      }
      const TrieNode* child = findChild(node, name);
      if (child == nullptr) {
        continue;
      }
      if (auto error = walkValue(field.value(), *child, depth + 1)) {
        return error;
      }
    }
    return simdjson::SUCCESS;
  }

 private:
  const TrieNode* findChild(const TrieNode& node, const ScannedString& name) const {
    const size_t size = name.text.size();
    for (const TrieChild& child : node.children) {
      if (child.head == name.head && child.name.size() == size &&
          (size <= 8 || bytesEqual(child.name.data() + 8, name.text.data() + 8, size - 8))) {
        return &program_.nodes[child.node];
      }
    }
    return nullptr;
  }

  simdjson::error_code walkValue(ondemand::value& value, const TrieNode& node, int depth) {
    if (depth > kMaxWalkDepth) {
      return simdjson::SUCCESS;
    }
    ondemand::json_type type;
    if (auto error = value.type().get(type)) {
      return error;
    }
    switch (type) {
      case ondemand::json_type::object: {
        if (node.children.empty()) {
          return simdjson::SUCCESS;  // not a leaf value: holds nothing for conditions here
        }
        ondemand::object object;
        if (auto error = value.get_object().get(object)) {
          return error;
        }
        return walkObject(object, node, depth);
      }
      case ondemand::json_type::array: {
        // Any element may satisfy: elements are walked at the same trie node.
        ondemand::array array;
        if (auto error = value.get_array().get(array)) {
          return error;
        }
        for (auto element_result : array) {
          if (auto error = element_result.error()) {
            return error;
          }
          if (auto error = walkValue(element_result.value_unsafe(), node, depth + 1)) {
            return error;
          }
        }
        return simdjson::SUCCESS;
      }
      default:
        return node.conditions.empty() ? simdjson::SUCCESS : evaluateScalar(value, type, node);
    }
  }

  void markMatched(uint32_t id) { matched_[id / 64] |= uint64_t{1} << (id % 64); }
  bool isMatched(uint32_t id) const { return (matched_[id / 64] >> (id % 64)) & 1; }

  template <typename Test>
  void evaluateConditions(const std::vector<uint32_t>& ids, Test test) {
    for (uint32_t id : ids) {
      if (!isMatched(id) && test(program_.conditions[id])) {
        markMatched(id);
      }
    }
  }

  simdjson::error_code evaluateScalar(ondemand::value& value, ondemand::json_type type,
                                      const TrieNode& node) {
    for (uint32_t id : node.absent_ok_conditions) {
      present_[id / 64] |= uint64_t{1} << (id % 64);
    }
    switch (type) {
      case ondemand::json_type::string: {
        // Peeked, not consumed: the iterator skips the value when the walk moves on.
        ScannedString scanned = scanJsonString(value.raw_json_token().data() + 1);
        if (scanned.escaped) {
          if (auto error = value.get_string().get(scanned.text)) {
            return error;
          }
          scanned.head = nameHead(scanned.text);
        }
        const std::string_view text = scanned.text;
        for (uint32_t id : node.exact_strings.find(text, scanned.head)) {
          markMatched(id);
        }
        evaluateConditions(node.string_conditions,
                           [text](const Condition& c) { return conditionMatchesString(c, text); });
        return simdjson::SUCCESS;
      }
      case ondemand::json_type::number: {
        if (node.number_conditions.empty()) {
          return simdjson::SUCCESS;  // left unparsed: nothing here can match a number
        }
        double number = 0;
        if (auto error = value.get_double().get(number)) {
          return error;
        }
        evaluateConditions(node.number_conditions, [number](const Condition& c) {
          return conditionMatchesNumber(c, number);
        });
        return simdjson::SUCCESS;
      }
      case ondemand::json_type::boolean: {
        bool boolean = false;
        if (auto error = value.get_bool().get(boolean)) {
          return error;
        }
        evaluateConditions(node.conditions, [boolean](const Condition& c) {
          return conditionMatchesBool(c, boolean);
        });
        return simdjson::SUCCESS;
      }
      case ondemand::json_type::null: {
        bool is_null = false;
        if (auto error = value.is_null().get(is_null)) {
          return error;
        }
        if (!is_null) {
          return simdjson::INCORRECT_TYPE;  // e.g. `nul`
        }
        evaluateConditions(node.conditions,
                           [](const Condition& c) { return conditionMatchesNull(c); });
        return simdjson::SUCCESS;
      }
      default:
        return simdjson::INCORRECT_TYPE;
    }
  }

  const PatternProgram& program_;
  uint64_t* matched_;
  uint64_t* present_;
};

bool alternativeSatisfied(const uint64_t* mask, const uint64_t* satisfied, size_t words) {
  for (size_t w = 0; w < words; ++w) {
    if ((mask[w] & ~satisfied[w]) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

MatchResult evaluateProgram(const PatternProgram& program, std::string_view padded_json,
                            std::vector<uint32_t>* matched_patterns, uint64_t* matched_bits) {
  ThreadScratch& scratch = threadScratch();
  const size_t words = program.word_count;
  uint64_t stack_bits[2 * kStackWords] = {};
  uint64_t* matched = stack_bits;
  if (words > kStackWords) {
    scratch.bits.assign(2 * words, 0);
    matched = scratch.bits.data();
  }
  uint64_t* const present = matched + words;

  ondemand::document document;
  if (padded_json.empty()) {
    return MatchResult::kNotJson;  // also keeps a null data() away from simdjson
  }
  if (scratch.parser
          .iterate(padded_json.data(), padded_json.size(),
                   padded_json.size() + simdjson::SIMDJSON_PADDING)
          .get(document)) {
    return MatchResult::kNotJson;
  }
  ondemand::object root;
  if (document.get_object().get(root)) {
    return MatchResult::kNotJson;
  }
  EventWalker walker(program, matched, present);
  if (walker.walkObject(root, program.nodes[0], 0)) {
    return MatchResult::kNotJson;
  }
  // Anything after the top-level object (`{} {}`, `{}]`) makes the input not one JSON object.
  if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return MatchResult::kNotJson;
  }

  // A condition is satisfied by a matching value, or ({"exists": false}) by having no value.
  uint64_t* const satisfied = matched;
  for (size_t w = 0; w < words; ++w) {
    satisfied[w] |= program.absent_ok_mask[w] & ~present[w];
  }
  if (matched_patterns != nullptr) {
    matched_patterns->clear();
  }
  bool any_matched = false;
  for (size_t p = 0; p < program.patternCount(); ++p) {
    for (uint32_t a = program.pattern_alternatives[p]; a < program.pattern_alternatives[p + 1];
         ++a) {
      if (alternativeSatisfied(&program.alternative_masks[a * words], satisfied, words)) {
        if (matched_patterns == nullptr && matched_bits == nullptr) {
          return MatchResult::kMatch;
        }
        any_matched = true;
        if (matched_patterns != nullptr) {
          matched_patterns->push_back(static_cast<uint32_t>(p));
        }
        if (matched_bits != nullptr) {
          matched_bits[p / 64] |= uint64_t{1} << (p % 64);
        }
        break;
      }
    }
  }
  return any_matched ? MatchResult::kMatch : MatchResult::kNoMatch;
}

}  // namespace switchyard::router
