#include "gateway/http/http_routes.h"

#include <algorithm>

namespace switchyard::http {

void HttpRoutes::add(std::string prefix, HttpRouteHandler* handler, bool exact) {
  routes_.push_back({std::move(prefix), handler, exact});
  std::stable_sort(routes_.begin(), routes_.end(), [](const Route& a, const Route& b) {
    return a.prefix.size() > b.prefix.size();
  });
}

HttpRouteHandler* HttpRoutes::find(std::string_view path, std::string_view* rest) const {
  for (const Route& route : routes_) {
    if (route.exact ? path == route.prefix : path.starts_with(route.prefix)) {
      *rest = path.substr(route.prefix.size());
      return route.handler;
    }
  }
  return nullptr;
}

std::vector<std::string> HttpRoutes::prefixes() const {
  std::vector<std::string> out;
  for (const Route& route : routes_) {
    out.push_back(route.prefix);
  }
  return out;
}

}  // namespace switchyard::http
