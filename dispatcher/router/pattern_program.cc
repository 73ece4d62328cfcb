#include "dispatcher/router/pattern_program.h"

#include <algorithm>
#include <utility>

namespace switchyard::router {
namespace {

uint32_t childOrAdd(PatternProgram& program, uint32_t parent, const std::string& name) {
  for (const TrieChild& child : program.nodes[parent].children) {
    if (child.name == name) {
      return child.node;
    }
  }
  const auto added = static_cast<uint32_t>(program.nodes.size());
  program.nodes.emplace_back();  // may reallocate: re-index `parent` below
  program.nodes[parent].children.push_back(TrieChild{name, nameHead(name), added});
  return added;
}

void setBit(std::vector<uint64_t>& words, size_t offset, uint32_t bit) {
  words[offset + bit / 64] |= uint64_t{1} << (bit % 64);
}

bool canMatchNumbers(const Condition& condition) {
  return condition.exists || !condition.exact_numbers.empty() || !condition.ranges.empty() ||
         std::any_of(condition.anything_buts.begin(), condition.anything_buts.end(),
                     [](const AnythingBut& but) { return but.string_tests.empty(); });
}

// Moves exact strings into the node's hash index and sorts conditions by what they can match.
void indexNode(TrieNode& node, std::vector<Condition>& conditions) {
  std::vector<std::pair<std::string, uint32_t>> exact;
  for (uint32_t id : node.conditions) {
    Condition& condition = conditions[id];
    for (std::string& text : condition.exact_strings) {
      exact.emplace_back(std::move(text), id);
    }
    condition.exact_strings.clear();
    if (condition.exists || !condition.string_tests.empty() || !condition.cidrs.empty() ||
        !condition.anything_buts.empty()) {
      node.string_conditions.push_back(id);
    }
    if (canMatchNumbers(condition)) {
      node.number_conditions.push_back(id);
    }
    if (condition.absent_ok) {
      node.absent_ok_conditions.push_back(id);
    }
  }
  node.exact_strings = ExactStringIndex::build(std::move(exact));
}

}  // namespace

PatternProgram buildProgram(std::span<const PatternSpec* const> specs) {
  PatternProgram program;
  program.nodes.emplace_back();

  // Conditions first (their count fixes the bit set width), remembering each spec's id offset.
  std::vector<uint32_t> condition_offset;
  condition_offset.reserve(specs.size());
  for (const PatternSpec* spec : specs) {
    condition_offset.push_back(static_cast<uint32_t>(program.conditions.size()));
    for (const Condition& condition : spec->conditions) {
      uint32_t node = 0;
      for (const std::string& name : condition.path) {
        node = childOrAdd(program, node, name);
      }
      program.nodes[node].conditions.push_back(static_cast<uint32_t>(program.conditions.size()));
      program.conditions.push_back(condition);
    }
  }

  for (TrieNode& node : program.nodes) {
    indexNode(node, program.conditions);
  }

  program.word_count = program.conditions.empty() ? 1 : (program.conditions.size() + 63) / 64;
  program.absent_ok_mask.assign(program.word_count, 0);
  for (size_t id = 0; id < program.conditions.size(); ++id) {
    if (program.conditions[id].absent_ok) {
      setBit(program.absent_ok_mask, 0, static_cast<uint32_t>(id));
    }
  }

  program.pattern_alternatives.push_back(0);
  uint32_t alternative_count = 0;
  for (size_t p = 0; p < specs.size(); ++p) {
    for (const std::vector<uint32_t>& alternative : specs[p]->alternatives) {
      const size_t offset = program.alternative_masks.size();
      program.alternative_masks.resize(offset + program.word_count, 0);
      for (uint32_t local_id : alternative) {
        setBit(program.alternative_masks, offset, condition_offset[p] + local_id);
      }
      ++alternative_count;
    }
    program.pattern_alternatives.push_back(alternative_count);
  }
  return program;
}

}  // namespace switchyard::router
