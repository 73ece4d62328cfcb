#include "dispatcher/invokers/http_endpoint.h"

#include "gateway/http/http_request.h"

#include <netdb.h>

#include <charconv>
#include <cstring>

namespace switchyard::dispatcher {

Result<HttpEndpoint> parseHttpEndpoint(std::string_view url) {
  HttpEndpoint endpoint;
  std::string_view rest;
  auto hasScheme = [&](std::string_view scheme) {  // schemes are case-insensitive (RFC 3986)
    return url.size() >= scheme.size() &&
           http::equalsIgnoreCase(url.substr(0, scheme.size()), scheme);
  };
  if (hasScheme("http://")) {
    rest = url.substr(7);
    endpoint.port = 80;
  } else if (hasScheme("https://")) {
    rest = url.substr(8);
    endpoint.tls = true;
    endpoint.port = 443;
  } else {
    return makeError(Errc::kInvalidArgument,
                     "endpoint \"" + std::string(url) + "\" must start with http:// or https://");
  }
  size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    endpoint.path = std::string(rest.substr(slash));
    if (endpoint.path[0] == '?') {
      endpoint.path.insert(0, "/");
    }
  }
  if (authority.empty()) {
    return makeError(Errc::kInvalidArgument, "endpoint \"" + std::string(url) + "\" has no host");
  }
  endpoint.authority = std::string(authority);
  std::string_view host = authority;
  std::string_view port;
  if (authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return makeError(Errc::kInvalidArgument,
                       "endpoint \"" + std::string(url) + "\" has an unterminated IPv6 address");
    }
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') {
        return makeError(Errc::kInvalidArgument,
                         "endpoint \"" + std::string(url) + "\" has junk after the IPv6 address");
      }
      port = authority.substr(close + 2);
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) {
    return makeError(Errc::kInvalidArgument, "endpoint \"" + std::string(url) + "\" has no host");
  }
  endpoint.host = std::string(host);
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return makeError(Errc::kInvalidArgument, "endpoint \"" + std::string(url) +
                                                   "\" has an invalid port \"" + std::string(port) +
                                                   "\"");
    }
    endpoint.port = static_cast<uint16_t>(value);
  }
  return endpoint;
}

Status resolveEndpoint(HttpEndpoint& endpoint) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* results = nullptr;
  std::string port = std::to_string(endpoint.port);
  int rc = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &results);
  if (rc != 0 || results == nullptr) {
    return makeError(Errc::kUnavailable,
                     "cannot resolve \"" + endpoint.host + "\": " + ::gai_strerror(rc));
  }
  std::memcpy(&endpoint.address, results->ai_addr, results->ai_addrlen);
  endpoint.resolved = true;
  ::freeaddrinfo(results);
  return okStatus();
}

}  // namespace switchyard::dispatcher
