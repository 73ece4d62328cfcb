#include "gateway/process/ingest_service.h"

#include <string>

#include "gateway/http/json_response.h"

namespace switchyard {

void IngestService::handle(const http::HttpRequest& request,
                           http::HttpResponder responder) noexcept {
  std::string_view rest;
  if (http::HttpRouteHandler* handler = routes_->find(request.path, &rest)) {
    handler->handle(request, rest, std::move(responder));
    return;
  }
  std::string known;
  for (const std::string& prefix : routes_->prefixes()) {
    known += (known.empty() ? "" : ", ") + prefix;
  }
  responder.respond(404, "application/json",
                    http::jsonErrorBody("not_found", "no endpoint at " + std::string(request.path) +
                                                         " (served prefixes: " + known + ")"));
}

}  // namespace switchyard
