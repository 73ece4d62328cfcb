#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/config/config.h"
#include "gateway/core/result.h"

// Parsers for the scalar value types of the config file that config.h does not export. Each error
// message is the part after "key.path: " ("expected ..., got ..."); the loader adds where.

namespace switchyard::config {

// `text` in double quotes for messages, with quotes, backslashes and control characters escaped
// and anything past 80 characters elided.
std::string quote(std::string_view text);

// A strict decimal integer: optional '-', digits only (no '+', hex, exponent or separators).
std::optional<int64_t> parseInteger(std::string_view text);

struct Backoff {
  Duration base;
  Duration cap;
};
// "200ms..30s" → base 200ms, cap 30s (base ≤ cap). A single duration is the base; the cap is then
// `default_cap`, or the base itself when that is longer.
Result<Backoff> parseBackoff(std::string_view text, Duration default_cap);

// Checks the shape of an http:// or https:// URL: a host (name, IPv4 or [IPv6]), an optional port
// 1..65535, an optional path. No credentials in the authority.
Status validateHttpUrl(std::string_view text);

// Function and trigger names: [A-Za-z0-9_-]{1,64}, the rule Lambda has for function names.
bool isValidName(std::string_view name);

// Shortest exact rendering in the units parseDuration reads: 1500ms, 3s, 15m, 6h, 2d.
std::string formatDuration(Duration duration);
// Shortest exact rendering in binary units: 512, 16KiB, 6MiB, 1GiB.
std::string formatByteSize(size_t bytes);

}  // namespace switchyard::config
