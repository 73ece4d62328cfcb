#include "gateway/config/value_parsers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace switchyard::config {

namespace {

constexpr size_t kMaxQuotedLength = 80;

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Why a number did not scale to a whole count of the base unit.
enum class NumberStatus { kOk, kMalformed, kOverflow, kFractional };

// A non-negative decimal as written: "1.5" is whole 1, fraction 5, fraction_scale 10. Six
// fraction digits are plenty for any unit here and keep fraction × unit within 64 bits.
struct Decimal {
  static constexpr int kMaxFractionDigits = 6;
  uint64_t whole = 0;
  uint64_t fraction = 0;
  uint64_t fraction_scale = 1;
};

// Reads a decimal from the front of `text` and removes it from `text`.
NumberStatus readDecimal(std::string_view* text, Decimal* out) {
  Decimal number;
  size_t i = 0;
  for (; i < text->size() && isDigit((*text)[i]); ++i) {
    const auto digit = static_cast<uint64_t>((*text)[i] - '0');
    if (__builtin_mul_overflow(number.whole, 10, &number.whole) ||
        __builtin_add_overflow(number.whole, digit, &number.whole)) {
      return NumberStatus::kOverflow;
    }
  }
  if (i == 0) {
    return NumberStatus::kMalformed;
  }
  if (i < text->size() && (*text)[i] == '.') {
    ++i;
    int digits = 0;
    for (; i < text->size() && isDigit((*text)[i]); ++i, ++digits) {
      if (digits == Decimal::kMaxFractionDigits) {
        return NumberStatus::kMalformed;
      }
      number.fraction = number.fraction * 10 + static_cast<uint64_t>((*text)[i] - '0');
      number.fraction_scale *= 10;
    }
    if (digits == 0) {
      return NumberStatus::kMalformed;
    }
  }
  text->remove_prefix(i);
  *out = number;
  return NumberStatus::kOk;
}

// number × unit, which must come out whole.
NumberStatus scaleDecimal(const Decimal& number, uint64_t unit, uint64_t* out) {
  uint64_t whole = 0;
  uint64_t fraction = 0;
  if (__builtin_mul_overflow(number.whole, unit, &whole) ||
      __builtin_mul_overflow(number.fraction, unit, &fraction)) {
    return NumberStatus::kOverflow;
  }
  if (fraction % number.fraction_scale != 0) {
    return NumberStatus::kFractional;
  }
  if (__builtin_add_overflow(whole, fraction / number.fraction_scale, out)) {
    return NumberStatus::kOverflow;
  }
  return NumberStatus::kOk;
}

struct Unit {
  std::string_view name;
  uint64_t factor;
};

constexpr uint64_t kSecond = 1000;
constexpr std::array<Unit, 5> kDurationUnits{{
    {"ms", 1},
    {"s", kSecond},
    {"m", 60 * kSecond},
    {"h", 3600 * kSecond},
    {"d", 86400 * kSecond},
}};

constexpr uint64_t kKiB = 1024;
constexpr std::array<Unit, 10> kByteUnits{{
    {"", 1},
    {"B", 1},
    {"KB", 1000},
    {"MB", uint64_t{1000} * 1000},
    {"GB", uint64_t{1000} * 1000 * 1000},
    {"TB", 1000ULL * 1000 * 1000 * 1000},
    {"KiB", kKiB},
    {"MiB", kKiB* kKiB},
    {"GiB", kKiB* kKiB* kKiB},
    {"TiB", kKiB* kKiB* kKiB* kKiB},
}};

template <size_t N>
const Unit* findUnit(const std::array<Unit, N>& units, std::string_view name) {
  const auto* it = std::find_if(units.begin(), units.end(),
                                [name](const Unit& unit) { return unit.name == name; });
  return it == units.end() ? nullptr : it;
}

Error invalid(std::string message) { return makeError(Errc::kInvalidArgument, std::move(message)); }

}  // namespace

std::string quote(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  const std::string_view shown = text.substr(0, kMaxQuotedLength);
  for (const char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  out += shown.size() < text.size() ? "...\"" : "\"";
  return out;
}

std::optional<int64_t> parseInteger(std::string_view text) {
  const std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), isDigit)) {
    return std::nullopt;
  }
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// Accepts one or more number+unit pairs ("1h30m", as Go's time.ParseDuration does) and a bare
// "0". Fractions are fine as long as the total is a whole number of milliseconds.
Result<Duration> parseDuration(std::string_view text) {
  const auto malformed = [text] {
    return invalid("expected a duration like 250ms, 3s, 1m or 2h, got " + quote(text));
  };
  const auto tooLong = [text] {
    return invalid("expected a duration that fits in 64 bits of milliseconds, got " + quote(text));
  };
  if (text == "0") {
    return Duration{0};
  }
  if (text.empty()) {
    return malformed();
  }
  std::string_view rest = text;
  uint64_t total = 0;
  while (!rest.empty()) {
    Decimal number;
    NumberStatus status = readDecimal(&rest, &number);
    if (status == NumberStatus::kOverflow) {
      return tooLong();
    }
    size_t unit_length = 0;
    while (unit_length < rest.size() && isLetter(rest[unit_length])) {
      ++unit_length;
    }
    const Unit* unit = findUnit(kDurationUnits, rest.substr(0, unit_length));
    if (status == NumberStatus::kMalformed || unit == nullptr) {
      return malformed();
    }
    rest.remove_prefix(unit_length);
    uint64_t part = 0;
    if (status == NumberStatus::kOk) {
      status = scaleDecimal(number, unit->factor, &part);
    }
    if (status == NumberStatus::kOk && __builtin_add_overflow(total, part, &total)) {
      status = NumberStatus::kOverflow;
    }
    if (status == NumberStatus::kFractional) {
      return invalid("expected a whole number of milliseconds, got " + quote(text));
    }
    if (status == NumberStatus::kOverflow) {
      return tooLong();
    }
  }
  if (total > static_cast<uint64_t>(std::numeric_limits<Duration::rep>::max())) {
    return tooLong();
  }
  return Duration{static_cast<Duration::rep>(total)};
}

// Decimal units (KB = 1000) and binary ones (KiB = 1024) mean what they say; a bare number is
// bytes.
Result<size_t> parseByteSize(std::string_view text) {
  std::string_view rest = text;
  Decimal number;
  NumberStatus status = readDecimal(&rest, &number);
  const Unit* unit = findUnit(kByteUnits, rest);
  if (status == NumberStatus::kMalformed || (status == NumberStatus::kOk && unit == nullptr)) {
    return invalid("expected a byte size like 1024, 64KiB, 6MiB or 2MB, got " + quote(text));
  }
  uint64_t bytes = 0;
  if (status == NumberStatus::kOk) {
    status = scaleDecimal(number, unit->factor, &bytes);
  }
  if (status == NumberStatus::kFractional) {
    return invalid("expected a whole number of bytes, got " + quote(text));
  }
  static_assert(sizeof(size_t) == sizeof(uint64_t));
  if (status == NumberStatus::kOverflow) {
    return invalid("expected a byte size that fits in 64 bits, got " + quote(text));
  }
  return static_cast<size_t>(bytes);
}

Result<Backoff> parseBackoff(std::string_view text, Duration default_cap) {
  const auto malformed = [text] {
    return invalid("expected a backoff like 200ms..30s (base..cap) or 1s (base), got " +
                   quote(text));
  };
  const size_t separator = text.find("..");
  if (separator == std::string_view::npos) {
    const Result<Duration> base = parseDuration(text);
    if (!base.ok()) {
      return malformed();
    }
    return Backoff{*base, std::max(*base, default_cap)};
  }
  const Result<Duration> base = parseDuration(text.substr(0, separator));
  const Result<Duration> cap = parseDuration(text.substr(separator + 2));
  if (!base.ok() || !cap.ok()) {
    return malformed();
  }
  if (*base > *cap) {
    return invalid("expected a base no longer than the cap in base..cap, got " + quote(text));
  }
  return Backoff{*base, *cap};
}

bool isValidName(std::string_view name) {
  constexpr size_t kMaxNameLength = 64;
  return !name.empty() && name.size() <= kMaxNameLength &&
         std::all_of(name.begin(), name.end(),
                     [](char c) { return isDigit(c) || isLetter(c) || c == '-' || c == '_'; });
}

std::string formatDuration(Duration duration) {
  const auto ms = static_cast<uint64_t>(duration.count());
  if (ms == 0) {
    return "0s";
  }
  for (auto it = kDurationUnits.rbegin(); it != kDurationUnits.rend(); ++it) {
    if (ms % it->factor == 0) {
      return std::to_string(ms / it->factor) + std::string(it->name);
    }
  }
  return std::to_string(ms) + "ms";
}

std::string formatByteSize(size_t bytes) {
  static constexpr std::array<Unit, 4> kBinaryUnits{{
      {"TiB", kKiB * kKiB * kKiB * kKiB},
      {"GiB", kKiB * kKiB * kKiB},
      {"MiB", kKiB * kKiB},
      {"KiB", kKiB},
  }};
  for (const Unit& unit : kBinaryUnits) {
    if (bytes != 0 && bytes % unit.factor == 0) {
      return std::to_string(bytes / unit.factor) + std::string(unit.name);
    }
  }
  return std::to_string(bytes);
}

}  // namespace switchyard::config
