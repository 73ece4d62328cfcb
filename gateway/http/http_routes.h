#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gateway/http/http_server.h"

namespace switchyard::http {

// Something that answers the requests under one path prefix on the main listener.
//
// NOTE: handle() runs on whichever shard accepted the connection, concurrently on every shard:
// handlers keep no unsynchronized mutable state.
class HttpRouteHandler {
 public:
  virtual ~HttpRouteHandler() = default;
  // `rest` is the path after the prefix ("hook" for /events/hook under "/events/").
  virtual void handle(const HttpRequest& request, std::string_view rest,
                      HttpResponder responder) noexcept = 0;
};

// Prefix → handler, longest prefix first. Filled while connectors start, then read-only.
class HttpRoutes {
 public:
  // `handler` must outlive the routes. Exact paths are prefixes that must match all of `path`
  // (end them with no slash and pass exact = true).
  void add(std::string prefix, HttpRouteHandler* handler, bool exact = false);
  // The handler for `path` and the remainder after its prefix, or nullptr.
  HttpRouteHandler* find(std::string_view path, std::string_view* rest) const;
  std::vector<std::string> prefixes() const;

 private:
  struct Route {
    std::string prefix;
    HttpRouteHandler* handler;
    bool exact;
  };
  std::vector<Route> routes_;  // sorted by descending prefix length
};

}  // namespace switchyard::http
