#include "dispatcher/router/pattern_compiler.h"

#include <set>
#include <utility>
#include <vector>

#include "dispatcher/router/leaf_compiler.h"
#include "dispatcher/router/pattern_yaml.h"

namespace switchyard::router {
namespace {

using Alternative = std::vector<uint32_t>;  // condition ids, all required
using Dnf = std::vector<Alternative>;       // any alternative suffices

std::string joinPath(std::string_view parent, std::string_view child) {
  if (parent.empty()) {
    return std::string(child);
  }
  return std::string(parent) + "." + std::string(child);
}

std::string tooManyAlternatives() {
  return "pattern expands to more than " + std::to_string(kMaxAlternatives) +
         " alternatives ($or combinations multiply); split it into several triggers or simplify";
}

class PatternCompiler {
 public:
  explicit PatternCompiler(const std::string& file) : context_(file) {}

  Result<PatternSpec> compile(const YAML::Node& pattern, std::string_view key_path) {
    if (!pattern.IsDefined() || pattern.IsNull() || (pattern.IsMap() && pattern.size() == 0)) {
      spec_.alternatives.emplace_back();
      return std::move(spec_);
    }
    if (!pattern.IsMap()) {
      return context_.error(
          pattern, key_path,
          R"(an event pattern is an object of field names, like {"source": ["orders"]}; got )" +
              describeNode(pattern));
    }
    std::vector<std::string> path;
    auto alternatives = compileMap(pattern, path, std::string(key_path), 1);
    if (!alternatives.ok()) {
      return alternatives.error();
    }
    spec_.alternatives = std::move(alternatives.value());
    return std::move(spec_);
  }

 private:
  // AND of two DNFs: every pairing of their alternatives. The ids copied are counted: alternatives
  // and conditions are capped separately, but a pattern could still multiply them many times.
  Dnf conjoin(const Dnf& left, const Dnf& right) {
    Dnf product;
    product.reserve(left.size() * right.size());
    for (const Alternative& a : left) {
      for (const Alternative& b : right) {
        Alternative both = a;
        both.insert(both.end(), b.begin(), b.end());
        ids_copied_ += both.size();
        product.push_back(std::move(both));
      }
    }
    return product;
  }

  // `map` is a non-empty object whose fields are relative to `path` in the event.
  Result<Dnf> compileMap(const YAML::Node& map, std::vector<std::string>& path,
                         const std::string& key_path, int depth) {
    if (depth > kMaxPatternDepth) {
      return context_.error(
          map, key_path,
          "pattern nests deeper than " + std::to_string(kMaxPatternDepth) + " levels");
    }
    Dnf result{Alternative{}};
    std::set<std::string> seen;
    for (const auto& entry : map) {
      const YAML::Node& key = entry.first;
      const YAML::Node& value = entry.second;
      if (!key.IsScalar()) {
        return context_.error(key, key_path,
                              "field names must be strings, got " + describeNode(key));
      }
      const std::string& name = key.Scalar();
      if (!seen.insert(name).second) {
        return context_.error(key, key_path, "duplicate field \"" + name + "\"");
      }
      auto field = name == "$or" ? compileOr(value, path, joinPath(key_path, name), depth)
                                 : compileField(key, value, path, key_path, depth);
      if (!field.ok()) {
        return field.error();
      }
      if (result.size() * field.value().size() > kMaxAlternatives) {
        return context_.error(key, key_path, tooManyAlternatives());
      }
      result = conjoin(result, field.value());
      if (ids_copied_ > kMaxIdsCopied) {
        return context_.error(key, key_path, tooManyAlternatives());
      }
    }
    return result;
  }

  Result<Dnf> compileField(const YAML::Node& key, const YAML::Node& value,
                           std::vector<std::string>& path, const std::string& key_path, int depth) {
    const std::string& name = key.Scalar();
    const std::string field_path = joinPath(key_path, name);
    if (value.IsMap()) {
      if (value.size() == 0) {
        return context_.error(
            value, field_path,
            "an empty object tests nothing; remove the field or add fields to it");
      }
      path.push_back(name);
      auto nested = compileMap(value, path, field_path, depth + 1);
      path.pop_back();
      return nested;
    }
    if (!value.IsSequence()) {
      // yaml-cpp places an empty (null) value at the next token, often on the next line: point
      // at the key instead.
      const YAML::Node& where = value.IsNull() ? key : value;
      return context_.error(
          where, field_path,
          "EventBridge patterns put values in arrays: write [" + describeNode(value) + "]");
    }
    if (value.size() == 0) {
      return context_.error(value, field_path,
                            "an empty list matches nothing; list at least one value");
    }
    if (spec_.conditions.size() == kMaxConditions) {
      return context_.error(
          key, field_path,
          "pattern too large: more than " + std::to_string(kMaxConditions) + " fields to test");
    }
    Condition condition;
    condition.path = path;
    condition.path.push_back(name);
    Status compiled = compileLeaf(value, field_path, context_, condition);
    if (!compiled.ok()) {
      return compiled.error();
    }
    const auto id = static_cast<uint32_t>(spec_.conditions.size());
    spec_.conditions.push_back(std::move(condition));
    return Dnf{Alternative{id}};
  }

  // `$or: [pattern, ...]`: each sub-pattern is relative to the same object as the $or itself.
  Result<Dnf> compileOr(const YAML::Node& value, std::vector<std::string>& path,
                        const std::string& or_path, int depth) {
    if (!value.IsSequence() || value.size() == 0) {
      return context_.error(
          value, or_path,
          R"("$or" expects a non-empty list of patterns, like [{"a": [1]}, {"b": [2]}]; got )" +
              describeNode(value));
    }
    Dnf any;
    for (size_t i = 0; i < value.size(); ++i) {
      const YAML::Node branch = value[i];
      const std::string branch_path = or_path + "[" + std::to_string(i) + "]";
      if (!branch.IsMap() || branch.size() == 0) {
        return context_.error(
            branch, branch_path,
            "each \"$or\" entry is a non-empty pattern object, got " + describeNode(branch));
      }
      auto alternatives = compileMap(branch, path, branch_path, depth + 1);
      if (!alternatives.ok()) {
        return alternatives.error();
      }
      if (any.size() + alternatives.value().size() > kMaxAlternatives) {
        return context_.error(branch, branch_path, tooManyAlternatives());
      }
      for (Alternative& alternative : alternatives.value()) {
        any.push_back(std::move(alternative));
      }
    }
    return any;
  }

  // Bounds the work of expanding $or (about 1024 alternatives x 256 conditions x 64 expansions).
  static constexpr size_t kMaxIdsCopied = size_t{16} << 20;

  PatternCompileContext context_;
  PatternSpec spec_;
  size_t ids_copied_ = 0;
};

}  // namespace

Result<PatternSpec> compilePatternSpec(const YAML::Node& pattern, const std::string& file,
                                       std::string_view key_path) {
  PatternCompiler compiler(file);
  return compiler.compile(pattern, key_path);
}

}  // namespace switchyard::router
