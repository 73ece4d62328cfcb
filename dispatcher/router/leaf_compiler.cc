#include "dispatcher/router/leaf_compiler.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>

#include "dispatcher/router/cidr.h"
#include "dispatcher/router/wildcard.h"

namespace switchyard::router {
namespace {

using Kind = ScalarValue::Kind;

constexpr std::array<std::string_view, 8> kMatcherKeywords = {
    "prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric",
    "exists", "cidr"};
constexpr std::array<std::string_view, 4> kAnythingButKeywords = {"prefix", "suffix",
                                                                  "equals-ignore-case", "wildcard"};
constexpr std::string_view kNumericShape = R"([">", 0, "<=", 5])";

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string lowerAscii(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c + ('a' - 'A'));
    }
  }
  return lowered;
}

std::string unknownKeywordMessage(std::string_view what, std::string_view word,
                                  std::span<const std::string_view> keywords) {
  std::string message = "unknown " + std::string(what) + " " + quoted(word);
  const std::string_view suggestion = closestKeyword(word, keywords);
  if (!suggestion.empty()) {
    return message + "; did you mean " + quoted(suggestion) + "?";
  }
  message += "; expected one of";
  for (size_t i = 0; i < keywords.size(); ++i) {
    message += (i == 0 ? " " : ", ") + std::string(keywords[i]);
  }
  return message;
}

class LeafCompiler {
 public:
  LeafCompiler(std::string_view key_path, PatternCompileContext& context, Condition& condition)
      : key_path_(key_path), context_(context), condition_(condition) {}

  Status compileElement(const YAML::Node& element) {
    if (!context_.countMatcher()) {
      return fail(element, "pattern too large: more than " +
                               std::to_string(PatternCompileContext::kMaxMatchers) + " values");
    }
    if (element.IsMap()) {
      return compileMatcherObject(element);
    }
    if (element.IsSequence()) {
      return fail(element, R"(a matcher is a value or an object like {"prefix": "x"}, got a list)");
    }
    const ScalarValue value = classifyScalar(element);
    switch (value.kind) {
      case Kind::kString:
        condition_.exact_strings.push_back(value.text);
        break;
      case Kind::kNumber:
        condition_.exact_numbers.push_back(value.number);
        break;
      case Kind::kBool:
        (value.boolean ? condition_.match_true : condition_.match_false) = true;
        break;
      case Kind::kNull:
        condition_.match_null = true;
        break;
    }
    return okStatus();
  }

 private:
  Error fail(const YAML::Node& node, const std::string& message) const {
    return context_.error(node, key_path_, message);
  }

  // {"keyword": operand} objects have exactly one entry.
  Result<std::pair<YAML::Node, YAML::Node>> singleEntry(const YAML::Node& object) const {
    if (object.size() != 1) {
      return fail(object, R"(a matcher object has exactly one key, like {"prefix": "x"}; got )" +
                              std::to_string(object.size()));
    }
    const auto entry = object.begin();
    return std::make_pair(entry->first, entry->second);
  }

  Result<std::string> stringOperand(const YAML::Node& operand, std::string_view keyword) const {
    if (operand.IsScalar() && classifyScalar(operand).kind == Kind::kString) {
      return operand.Scalar();
    }
    return fail(operand, quoted(keyword) + " expects a string, got " + describeNode(operand));
  }

  Status compileMatcherObject(const YAML::Node& object) {
    auto entry = singleEntry(object);
    if (!entry.ok()) {
      return entry.error();
    }
    const auto& [key, operand] = entry.value();
    const std::string keyword = key.Scalar();
    if (keyword == "prefix" || keyword == "suffix") {
      return compilePrefixOrSuffix(keyword, operand);
    }
    if (keyword == "cidr") {
      return compileCidr(operand);
    }
    if (keyword == "equals-ignore-case" || keyword == "wildcard") {
      auto test = compileStringMatcher(keyword, operand);
      if (!test.ok()) {
        return test.error();
      }
      condition_.string_tests.push_back(std::move(test.value()));
      return okStatus();
    }
    if (keyword == "numeric") {
      return compileNumeric(operand);
    }
    if (keyword == "exists") {
      if (!operand.IsScalar() || classifyScalar(operand).kind != Kind::kBool) {
        return fail(operand, "\"exists\" expects true or false, got " + describeNode(operand));
      }
      (classifyScalar(operand).boolean ? condition_.exists : condition_.absent_ok) = true;
      return okStatus();
    }
    if (keyword == "anything-but") {
      return compileAnythingBut(operand);
    }
    return fail(key, unknownKeywordMessage("matcher", keyword, kMatcherKeywords));
  }

  // prefix/suffix take a string or {"equals-ignore-case": string}.
  Status compilePrefixOrSuffix(std::string_view keyword, const YAML::Node& operand) {
    const bool is_prefix = keyword == "prefix";
    StringTest test;
    if (operand.IsMap()) {
      auto entry = singleEntry(operand);
      if (!entry.ok()) {
        return entry.error();
      }
      const auto& [key, inner] = entry.value();
      if (key.Scalar() != "equals-ignore-case") {
        return fail(key, quoted(keyword) +
                             R"( takes a string or {"equals-ignore-case": "..."}, got )" +
                             quoted(key.Scalar()));
      }
      auto text = stringOperand(inner, "equals-ignore-case");
      if (!text.ok()) {
        return text.error();
      }
      test.kind =
          is_prefix ? StringTest::Kind::kPrefixIgnoreCase : StringTest::Kind::kSuffixIgnoreCase;
      test.text = lowerAscii(text.value());
    } else {
      auto text = stringOperand(operand, keyword);
      if (!text.ok()) {
        return text.error();
      }
      test.kind = is_prefix ? StringTest::Kind::kPrefix : StringTest::Kind::kSuffix;
      test.text = std::move(text.value());
    }
    condition_.string_tests.push_back(std::move(test));
    return okStatus();
  }

  Status compileCidr(const YAML::Node& operand) {
    auto text = stringOperand(operand, "cidr");
    if (!text.ok()) {
      return text.error();
    }
    const std::optional<CidrBlock> block = parseCidr(text.value());
    if (!block) {
      return fail(operand, R"("cidr" expects an address block like "10.0.0.0/24", got )" +
                               quoted(text.value()));
    }
    condition_.cidrs.push_back(*block);
    return okStatus();
  }

  // equals-ignore-case and wildcard; also prefix and suffix (plain strings) for anything-but.
  Result<StringTest> compileStringMatcher(std::string_view keyword, const YAML::Node& operand) {
    auto text = stringOperand(operand, keyword);
    if (!text.ok()) {
      return text.error();
    }
    StringTest test;
    if (keyword == "wildcard") {
      std::string problem;
      std::optional<WildcardPattern> wildcard = parseWildcard(text.value(), problem);
      if (!wildcard) {
        return fail(operand, "\"wildcard\" pattern " + quoted(text.value()) + problem);
      }
      test.kind = StringTest::Kind::kWildcard;
      test.wildcard = std::move(*wildcard);
    } else if (keyword == "equals-ignore-case") {
      test.kind = StringTest::Kind::kEqualsIgnoreCase;
      test.text = lowerAscii(text.value());
    } else {
      test.kind = keyword == "prefix" ? StringTest::Kind::kPrefix : StringTest::Kind::kSuffix;
      test.text = std::move(text.value());
    }
    return test;
  }

  Status compileNumeric(const YAML::Node& operand) {
    if (!operand.IsSequence() || operand.size() == 0) {
      return fail(operand, "\"numeric\" expects a list of comparisons like " +
                               std::string(kNumericShape) + ", got " + describeNode(operand));
    }
    if (operand.size() > 4) {
      return fail(operand[4],
                  "\"numeric\" takes at most two comparisons, a lower and an upper "
                  "bound, like " +
                      std::string(kNumericShape));
    }
    NumericRange range;
    bool has_lower = false;
    bool has_upper = false;
    bool has_equals = false;
    // Texts, not YAML::Node copies: assigning to a bound YAML::Node overwrites the document.
    std::string lower_text;
    std::string upper_text;
    for (size_t i = 0; i < operand.size(); i += 2) {
      const YAML::Node op_node = operand[i];
      const ScalarValue op = op_node.IsScalar() ? classifyScalar(op_node) : ScalarValue{};
      if (op.kind != Kind::kString) {
        return fail(op_node, "\"numeric\" expects an operator followed by a number, got " +
                                 describeNode(op_node));
      }
      if (op.text != "=" && op.text != "<" && op.text != "<=" && op.text != ">" &&
          op.text != ">=") {
        return fail(op_node, "\"numeric\": unknown operator " + quoted(op.text) +
                                 "; use one of =, <, <=, >, >=");
      }
      if (i + 1 == operand.size()) {
        return fail(op_node,
                    "\"numeric\": operator " + quoted(op.text) + " needs a number after it");
      }
      const YAML::Node number_node = operand[i + 1];
      const ScalarValue number =
          number_node.IsScalar() ? classifyScalar(number_node) : ScalarValue{};
      if (number.kind != Kind::kNumber) {
        return fail(number_node, "\"numeric\" expects an operator followed by a number, got " +
                                     describeNode(number_node));
      }
      const bool is_lower = op.text[0] == '>';
      const bool is_equals = op.text == "=";
      if (has_equals || (is_equals && i > 0)) {
        return fail(op_node, R"("numeric": "=" cannot be combined with another comparison)");
      }
      if ((is_lower && has_lower) || (!is_lower && !is_equals && has_upper)) {
        return fail(op_node, std::string("\"numeric\" has two ") + (is_lower ? "lower" : "upper") +
                                 " bounds; use at most one of > >= and one of < <=");
      }
      if (is_equals || is_lower) {
        range.lower = number.number;
        range.lower_inclusive = op.text != ">";
        has_lower = true;
        lower_text = number.text;
      }
      if (is_equals || !is_lower) {
        range.upper = number.number;
        range.upper_inclusive = op.text != "<";
        has_upper = true;
        upper_text = number.text;
      }
      has_equals = is_equals;
    }
    const bool empty =
        range.lower > range.upper ||
        (range.lower == range.upper && !(range.lower_inclusive && range.upper_inclusive));
    if (empty) {
      return fail(operand, "\"numeric\" range is empty: the lower bound " + lower_text +
                               " is not below the upper bound " + upper_text);
    }
    condition_.ranges.push_back(range);
    return okStatus();
  }

  Status compileAnythingBut(const YAML::Node& operand) {
    AnythingBut but;
    if (operand.IsMap()) {
      auto entry = singleEntry(operand);
      if (!entry.ok()) {
        return entry.error();
      }
      const auto& [key, tests] = entry.value();
      const std::string keyword = key.Scalar();
      if (std::find(kAnythingButKeywords.begin(), kAnythingButKeywords.end(), keyword) ==
          kAnythingButKeywords.end()) {
        return fail(key,
                    unknownKeywordMessage("anything-but matcher", keyword, kAnythingButKeywords));
      }
      Status added = forEachValue(tests, [&](const YAML::Node& value) -> Status {
        auto test = compileStringMatcher(keyword, value);
        if (!test.ok()) {
          return test.error();
        }
        but.string_tests.push_back(std::move(test.value()));
        return okStatus();
      });
      if (!added.ok()) {
        return added;
      }
    } else if (operand.IsScalar() || operand.IsSequence()) {
      Status added = forEachValue(operand, [&](const YAML::Node& value) -> Status {
        const ScalarValue scalar = value.IsScalar() ? classifyScalar(value) : ScalarValue{};
        if (scalar.kind == Kind::kString) {
          but.strings.push_back(scalar.text);
        } else if (scalar.kind == Kind::kNumber) {
          but.numbers.push_back(scalar.number);
        } else {
          return fail(value,
                      "\"anything-but\" takes strings or numbers, got " + describeNode(value));
        }
        return okStatus();
      });
      if (!added.ok()) {
        return added;
      }
      std::sort(but.strings.begin(), but.strings.end());
    } else {
      return fail(
          operand,
          R"("anything-but" expects a string, a number, a list of them, or an object like {"prefix": "x"}; got )" +
              describeNode(operand));
    }
    condition_.anything_buts.push_back(std::move(but));
    return okStatus();
  }

  // `operand` is one value or a non-empty list of values; each counts against the size budget.
  template <typename Visit>
  Status forEachValue(const YAML::Node& operand, Visit visit) {
    if (!operand.IsSequence()) {
      return visit(operand);
    }
    if (operand.size() == 0) {
      return fail(operand, "an empty list matches nothing; list at least one value");
    }
    for (const YAML::Node& value : operand) {
      if (!context_.countMatcher()) {
        return fail(value, "pattern too large: more than " +
                               std::to_string(PatternCompileContext::kMaxMatchers) + " values");
      }
      Status visited = visit(value);
      if (!visited.ok()) {
        return visited;
      }
    }
    return okStatus();
  }

  std::string_view key_path_;
  PatternCompileContext& context_;
  Condition& condition_;
};

}  // namespace

Status compileLeaf(const YAML::Node& values, std::string_view key_path,
                   PatternCompileContext& context, Condition& condition) {
  LeafCompiler compiler(key_path, context, condition);
  for (const YAML::Node& element : values) {
    Status compiled = compiler.compileElement(element);
    if (!compiled.ok()) {
      return compiled;
    }
  }
  std::sort(condition.exact_strings.begin(), condition.exact_strings.end());
  condition.exact_strings.erase(
      std::unique(condition.exact_strings.begin(), condition.exact_strings.end()),
      condition.exact_strings.end());
  return okStatus();
}

}  // namespace switchyard::router
