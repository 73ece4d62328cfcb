#include "dispatcher/router/condition_matcher.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "dispatcher/router/bytes_equal.h"
#include "dispatcher/router/wildcard.h"

namespace switchyard::router {
namespace {

// Small lists (the usual case) are scanned; longer ones are sorted at compile and searched.
constexpr size_t kLinearScanLimit = 8;

char asciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

// `lowered` is already lower case.
bool equalsIgnoreCase(std::string_view value, std::string_view lowered) {
  if (value.size() != lowered.size()) {
    return false;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    if (asciiLower(value[i]) != lowered[i]) {
      return false;
    }
  }
  return true;
}

bool containsString(const std::vector<std::string>& sorted, std::string_view value) {
  if (sorted.size() <= kLinearScanLimit) {
    return std::any_of(sorted.begin(), sorted.end(),
                       [value](const std::string& listed) { return bytesEqual(listed, value); });
  }
  return std::binary_search(sorted.begin(), sorted.end(), value);
}

bool containsNumber(const std::vector<double>& numbers, double value) {
  return std::find(numbers.begin(), numbers.end(), value) != numbers.end();
}

bool inRange(const NumericRange& range, double value) {
  const bool above_lower = range.lower_inclusive ? value >= range.lower : value > range.lower;
  const bool below_upper = range.upper_inclusive ? value <= range.upper : value < range.upper;
  return above_lower && below_upper;
}

bool anyStringTest(const std::vector<StringTest>& tests, std::string_view value) {
  return std::any_of(tests.begin(), tests.end(),
                     [value](const StringTest& test) { return stringTestMatches(test, value); });
}

// inet_pton wants a NUL-terminated string; addresses are short, so copy to the stack.
bool parseAddress(std::string_view text, std::array<uint8_t, 16>& bytes, uint8_t& length) {
  char buffer[INET6_ADDRSTRLEN + 1];
  if (text.empty() || text.size() >= sizeof(buffer)) {
    return false;
  }
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  if (inet_pton(AF_INET, buffer, bytes.data()) == 1) {
    length = 4;
    return true;
  }
  if (inet_pton(AF_INET6, buffer, bytes.data()) == 1) {
    length = 16;
    return true;
  }
  return false;
}

}  // namespace

bool stringTestMatches(const StringTest& test, std::string_view value) {
  switch (test.kind) {
    case StringTest::Kind::kPrefix:
      return value.size() >= test.text.size() &&
             bytesEqual(value.data(), test.text.data(), test.text.size());
    case StringTest::Kind::kPrefixIgnoreCase:
      return value.size() >= test.text.size() &&
             equalsIgnoreCase(value.substr(0, test.text.size()), test.text);
    case StringTest::Kind::kSuffix:
      return value.size() >= test.text.size() &&
             bytesEqual(value.data() + value.size() - test.text.size(), test.text.data(),
                        test.text.size());
    case StringTest::Kind::kSuffixIgnoreCase:
      return value.size() >= test.text.size() &&
             equalsIgnoreCase(value.substr(value.size() - test.text.size()), test.text);
    case StringTest::Kind::kEqualsIgnoreCase:
      return equalsIgnoreCase(value, test.text);
    case StringTest::Kind::kWildcard:
      return wildcardMatches(test.wildcard, value);
  }
  return false;
}

std::optional<CidrBlock> parseCidr(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  CidrBlock block;
  if (!parseAddress(text.substr(0, slash), block.network, block.address_bytes)) {
    return std::nullopt;
  }
  const std::string_view bits_text = text.substr(slash + 1);
  unsigned bits = 0;
  const auto [rest, error] =
      std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
  if (error != std::errc() || rest != bits_text.data() + bits_text.size() || bits_text.empty() ||
      bits > block.address_bytes * 8u) {
    return std::nullopt;
  }
  block.prefix_bits = static_cast<uint8_t>(bits);
  for (unsigned bit = bits; bit < block.address_bytes * 8u; ++bit) {
    block.network[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  }
  return block;
}

bool cidrContains(const CidrBlock& block, std::string_view address) {
  std::array<uint8_t, 16> bytes{};
  uint8_t length = 0;
  if (!parseAddress(address, bytes, length) || length != block.address_bytes) {
    return false;
  }
  const unsigned full_bytes = block.prefix_bits / 8u;
  if (std::memcmp(bytes.data(), block.network.data(), full_bytes) != 0) {
    return false;
  }
  const unsigned rest_bits = block.prefix_bits % 8u;
  if (rest_bits == 0) {
    return true;
  }
  const auto mask = static_cast<uint8_t>(0xFFu << (8u - rest_bits));
  return (bytes[full_bytes] & mask) == block.network[full_bytes];
}

bool conditionMatchesString(const Condition& condition, std::string_view value) {
  if (condition.exists || containsString(condition.exact_strings, value) ||
      anyStringTest(condition.string_tests, value)) {
    return true;
  }
  for (const CidrBlock& block : condition.cidrs) {
    if (cidrContains(block, value)) {
      return true;
    }
  }
  for (const AnythingBut& but : condition.anything_buts) {
    if (but.string_tests.empty() ? !containsString(but.strings, value)
                                 : !anyStringTest(but.string_tests, value)) {
      return true;
    }
  }
  return false;
}

bool conditionMatchesNumber(const Condition& condition, double value) {
  if (condition.exists || containsNumber(condition.exact_numbers, value)) {
    return true;
  }
  for (const NumericRange& range : condition.ranges) {
    if (inRange(range, value)) {
      return true;
    }
  }
  for (const AnythingBut& but : condition.anything_buts) {
    if (but.string_tests.empty() && !containsNumber(but.numbers, value)) {
      return true;
    }
  }
  return false;
}

bool conditionMatchesBool(const Condition& condition, bool value) {
  if (condition.exists || (value ? condition.match_true : condition.match_false)) {
    return true;
  }
  return std::any_of(condition.anything_buts.begin(), condition.anything_buts.end(),
                     [](const AnythingBut& but) { return but.string_tests.empty(); });
}

bool conditionMatchesNull(const Condition& condition) {
  if (condition.exists || condition.match_null) {
    return true;
  }
  return std::any_of(condition.anything_buts.begin(), condition.anything_buts.end(),
                     [](const AnythingBut& but) { return but.string_tests.empty(); });
}

}  // namespace switchyard::router
