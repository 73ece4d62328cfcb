#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace switchyard::http {

struct HttpHeader {
  std::string_view name;
  std::string_view value;
};

bool equalsIgnoreCase(std::string_view a, std::string_view b);

// One parsed request. Views point into the connection's buffers and are valid only during the
// handler call: a handler that answers later copies what it needs first.
struct HttpRequest {
  std::string_view method;  // "POST"
  std::string_view target;  // "/events/hook?x=1" as sent
  std::string_view path;    // "/events/hook"
  std::string_view query;   // "x=1"
  std::vector<HttpHeader> headers;
  std::string_view body;
  bool keep_alive = true;
  uint64_t connection_id = 0;  // for logs

  // The first header with this name (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
  bool hasHeader(std::string_view name) const;
};

}  // namespace switchyard::http
