#include "dispatcher/router/pattern_yaml.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <vector>

#include "gateway/config/config.h"

namespace switchyard::router {
namespace {

constexpr std::string_view kYamlStringTag = "tag:yaml.org,2002:str";

bool isOneOf(std::string_view text, std::initializer_list<std::string_view> spellings) {
  return std::find(spellings.begin(), spellings.end(), text) != spellings.end();
}

// JSON-style numbers only: "0x10", "1_000", ".inf" and "nan" stay strings, as they would be
// invalid JSON numbers.
bool parseNumber(const std::string& text, double& number) {
  if (text.empty()) {
    return false;
  }
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (*begin == '-') {
    ++begin;
  }
  if (begin == end || !((*begin >= '0' && *begin <= '9') || *begin == '.')) {
    return false;
  }
  const auto [rest, error] = std::from_chars(text.data(), end, number);
  return error == std::errc() && rest == end && std::isfinite(number);
}

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

ScalarValue classifyScalar(const YAML::Node& node) {
  ScalarValue value;
  if (node.IsNull()) {
    value.text = "null";
    return value;
  }
  value.text = node.Scalar();
  value.kind = ScalarValue::Kind::kString;
  // "!" marks a quoted scalar (and "!!str" an explicit string): never a number or keyword.
  if (node.Tag() == "!" || node.Tag() == kYamlStringTag) {
    return value;
  }
  if (isOneOf(value.text, {"true", "True", "TRUE"})) {
    value.kind = ScalarValue::Kind::kBool;
    value.boolean = true;
  } else if (isOneOf(value.text, {"false", "False", "FALSE"})) {
    value.kind = ScalarValue::Kind::kBool;
  } else if (isOneOf(value.text, {"null", "Null", "NULL", "~"})) {
    value.kind = ScalarValue::Kind::kNull;
  } else if (parseNumber(value.text, value.number)) {
    value.kind = ScalarValue::Kind::kNumber;
  }
  return value;
}

std::string describeNode(const YAML::Node& node) {
  if (node.IsSequence()) {
    return "a list";
  }
  if (node.IsMap()) {
    return "an object";
  }
  if (!node.IsDefined() || node.IsNull()) {
    return "null";
  }
  const ScalarValue value = classifyScalar(node);
  if (value.kind == ScalarValue::Kind::kString) {
    return "\"" + value.text + "\"";
  }
  return value.text;
}

std::string_view closestKeyword(std::string_view word, std::span<const std::string_view> keywords) {
  std::string_view best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (std::string_view keyword : keywords) {
    const size_t distance = editDistance(word, keyword);
    if (distance < best_distance) {
      best = keyword;
      best_distance = distance;
    }
  }
  return best;
}

Error PatternCompileContext::error(const YAML::Node& node, std::string_view key_path,
                                   std::string_view message) const {
  return makeError(Errc::kInvalidArgument,
                   config::formatError(file_, config::markOf(node), key_path, message));
}

}  // namespace switchyard::router
