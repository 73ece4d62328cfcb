#include <string>

#include "gateway/config/spelling.h"
#include "gateway/config/value_parsers.h"
#include "gateway/config/yaml_reader.h"

// The typed reads of one value declared in yaml_reader.h: scalar → typed value or a reported
// "expected ..., got ..." at the value.

namespace switchyard::config {

namespace {

constexpr std::string_view kDurationExample = "a duration like 250ms, 3s, 1m or 2h";
constexpr std::string_view kByteSizeExample = "a byte size like 1024, 64KiB, 6MiB or 2MB";
constexpr size_t kMaxSuggestionDistance = 2;

// "between A and B", "of at least A" or "" for the full range.
template <typename T, typename Format>
std::string rangeText(T min, T max, T lowest, T highest, Format format) {
  if (max == highest) {
    return min == lowest ? "" : " of at least " + format(min);
  }
  return " between " + format(min) + " and " + format(max);
}

}  // namespace

std::optional<std::string> readString(ErrorSink& errors, const ValueRef& value) {
  if (!value.node.IsScalar()) {
    reportExpected(errors, value, "a string");
    return std::nullopt;
  }
  return value.node.Scalar();
}

// YAML 1.2's core schema: true and false only (not yes/no/on/off, which YAML 1.1 also took).
std::optional<bool> readBool(ErrorSink& errors, const ValueRef& value) {
  if (value.node.IsScalar()) {
    const std::string& text = value.node.Scalar();
    if (text == "true" || text == "True" || text == "TRUE") {
      return true;
    }
    if (text == "false" || text == "False" || text == "FALSE") {
      return false;
    }
  }
  reportExpected(errors, value, "true or false");
  return std::nullopt;
}

std::optional<int64_t> readInteger(ErrorSink& errors, const ValueRef& value, int64_t min,
                                   int64_t max) {
  if (value.node.IsScalar()) {
    const std::optional<int64_t> number = parseInteger(value.node.Scalar());
    if (number && *number >= min && *number <= max) {
      return number;
    }
  }
  reportExpected(errors, value,
                 "an integer between " + std::to_string(min) + " and " + std::to_string(max));
  return std::nullopt;
}

std::optional<Duration> readDuration(ErrorSink& errors, const ValueRef& value, Duration min,
                                     Duration max) {
  if (!value.node.IsScalar()) {
    reportExpected(errors, value, kDurationExample);
    return std::nullopt;
  }
  const Result<Duration> duration = parseDuration(value.node.Scalar());
  if (!duration.ok()) {
    errors.report(value.mark, value.path, duration.error().message);
    return std::nullopt;
  }
  if (*duration < min || *duration > max) {
    reportExpected(
        errors, value,
        "a duration" + rangeText(min, max, Duration::zero(), Duration::max(), formatDuration));
    return std::nullopt;
  }
  return *duration;
}

std::optional<size_t> readByteSize(ErrorSink& errors, const ValueRef& value, size_t min,
                                   size_t max) {
  if (!value.node.IsScalar()) {
    reportExpected(errors, value, kByteSizeExample);
    return std::nullopt;
  }
  const Result<size_t> bytes = parseByteSize(value.node.Scalar());
  if (!bytes.ok()) {
    errors.report(value.mark, value.path, bytes.error().message);
    return std::nullopt;
  }
  if (*bytes < min || *bytes > max) {
    reportExpected(errors, value,
                   "a byte size" + rangeText(min, max, size_t{0}, SIZE_MAX, formatByteSize));
    return std::nullopt;
  }
  return *bytes;
}

std::optional<HostPort> readHostPort(ErrorSink& errors, const ValueRef& value) {
  if (!value.node.IsScalar()) {
    reportExpected(errors, value, "host:port like 127.0.0.1:8080");
    return std::nullopt;
  }
  Result<HostPort> address = parseHostPort(value.node.Scalar());
  if (!address.ok()) {
    errors.report(value.mark, value.path, address.error().message);
    return std::nullopt;
  }
  return std::move(address).value();
}

std::optional<std::string> readChoice(ErrorSink& errors, const ValueRef& value,
                                      const std::vector<std::string_view>& choices) {
  std::string expected = "one of ";
  for (size_t i = 0; i < choices.size(); ++i) {
    expected += i == 0 ? "" : ", ";
    expected += choices[i];
  }
  if (!value.node.IsScalar()) {
    reportExpected(errors, value, expected);
    return std::nullopt;
  }
  const std::string& text = value.node.Scalar();
  for (const std::string_view choice : choices) {
    if (text == choice) {
      return text;
    }
  }
  std::string message = "expected " + expected + ", got " + quote(text);
  if (const auto suggestion = closestSpelling(text, choices, kMaxSuggestionDistance)) {
    message += " (did you mean " + quote(*suggestion) + "?)";
  }
  errors.report(value.mark, value.path, message);
  return std::nullopt;
}

}  // namespace switchyard::config
