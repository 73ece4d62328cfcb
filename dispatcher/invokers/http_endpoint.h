#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/core/result.h"

namespace switchyard::dispatcher {

// A function's URL, parsed and resolved once at start-up.
struct HttpEndpoint {
  bool tls = false;
  std::string host;
  uint16_t port = 0;
  std::string path = "/";  // path and query, as sent in the request line
  std::string authority;   // Host header value
  sockaddr_storage address{};
  bool resolved = false;
};

// http://host[:port]/path?query or https://...; IPv6 hosts in brackets.
Result<HttpEndpoint> parseHttpEndpoint(std::string_view url);

// Resolves the host with getaddrinfo. Blocking: call at start-up, never on a loop thread.
Status resolveEndpoint(HttpEndpoint& endpoint);

}  // namespace switchyard::dispatcher
