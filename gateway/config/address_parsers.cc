#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/config/config.h"
#include "gateway/config/value_parsers.h"

// host:port and http(s) URLs. Only the shape is checked here: names are resolved when something
// binds or connects, where the error can say what the network said.

namespace switchyard::config {

namespace {

constexpr uint32_t kMaxPort = 65535;
constexpr size_t kMaxHostLength = 253;  // DNS

bool isDigit(char c) { return c >= '0' && c <= '9'; }
char toLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool isHostName(std::string_view host) {
  return !host.empty() && host.size() <= kMaxHostLength &&
         std::all_of(host.begin(), host.end(), [](char c) {
           return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
                  c == '-' || c == '_';
         });
}

// What goes between the brackets of "[::1]:8080".
bool isIpv6Literal(std::string_view host) {
  return host.find(':') != std::string_view::npos &&
         std::all_of(host.begin(), host.end(), [](char c) {
           return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
                  c == '.';
         });
}

std::optional<uint32_t> parsePort(std::string_view digits) {
  constexpr size_t kMaxDigits = 5;
  if (digits.empty() || digits.size() > kMaxDigits ||
      !std::all_of(digits.begin(), digits.end(), isDigit)) {
    return std::nullopt;
  }
  uint32_t port = 0;
  for (const char c : digits) {
    port = port * 10 + static_cast<uint32_t>(c - '0');
  }
  return port;
}

struct Authority {
  std::string_view host;
  std::optional<std::string_view> port;  // the digits after ':', if there was a ':'
};

// Splits "host:port", "[v6]:port" or "host" (and "[v6]"). nullopt when the shape is wrong.
std::optional<Authority> splitAuthority(std::string_view text) {
  Authority authority;
  std::string_view rest;
  if (text.starts_with('[')) {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || !isIpv6Literal(text.substr(1, close - 1))) {
      return std::nullopt;
    }
    authority.host = text.substr(1, close - 1);
    rest = text.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) {
      return std::nullopt;
    }
  } else {
    const size_t colon = text.find(':');
    authority.host = text.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
    if (!authority.host.empty() && !isHostName(authority.host)) {
      return std::nullopt;
    }
  }
  if (rest.starts_with(':')) {
    authority.port = rest.substr(1);
    if (authority.port->find(':') != std::string_view::npos) {
      return std::nullopt;  // an IPv6 address without brackets
    }
  }
  return authority;
}

Error invalid(std::string message) { return makeError(Errc::kInvalidArgument, std::move(message)); }

}  // namespace

std::string HostPort::toString() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// ":8080" listens on every IPv4 interface (0.0.0.0), as Go's and nginx's listeners do.
Result<HostPort> parseHostPort(std::string_view text) {
  const std::optional<Authority> authority = splitAuthority(text);
  if (!authority || !authority->port) {
    return invalid("expected host:port like 127.0.0.1:8080, [::1]:8080 or :8080, got " +
                   quote(text));
  }
  const std::optional<uint32_t> port = parsePort(*authority->port);
  if (!port || *port > kMaxPort) {
    return invalid("expected a port between 0 and 65535, got " + quote(text));
  }
  HostPort result;
  result.host = authority->host.empty() ? "0.0.0.0" : std::string(authority->host);
  result.port = static_cast<uint16_t>(*port);
  return result;
}

Status validateHttpUrl(std::string_view text) {
  const auto malformed = [text] {
    return invalid("expected an http:// or https:// URL like http://127.0.0.1:9000/path, got " +
                   quote(text));
  };
  const auto startsWithNoCase = [text](std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(),
                      [](char a, char b) { return a == toLower(b); });
  };
  std::string_view rest;
  if (startsWithNoCase("http://")) {
    rest = text.substr(7);
  } else if (startsWithNoCase("https://")) {
    rest = text.substr(8);
  } else {
    return malformed();
  }
  const std::string_view authority_text = rest.substr(0, rest.find_first_of("/?#"));
  if (authority_text.find('@') != std::string_view::npos) {
    // Not quoted back: the part before '@' is a password.
    return invalid("expected a URL without credentials (user:password@host)");
  }
  const std::optional<Authority> authority = splitAuthority(authority_text);
  if (!authority || authority->host.empty()) {
    return malformed();
  }
  if (authority->port) {
    const std::optional<uint32_t> port = parsePort(*authority->port);
    if (!port || *port == 0 || *port > kMaxPort) {
      return invalid("expected a URL port between 1 and 65535, got " + quote(text));
    }
  }
  const bool clean = std::none_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7f;
  });
  if (!clean) {
    return malformed();
  }
  return okStatus();
}

}  // namespace switchyard::config
