#include "gateway/admin/admin_service.h"

#include "gateway/admin/prometheus_exporter.h"
#include "gateway/http/bearer_auth.h"
#include "gateway/http/json_response.h"

namespace switchyard {

void AdminService::handle(const http::HttpRequest& request,
                          http::HttpResponder responder) noexcept {
  constexpr std::string_view kJson = "application/json";
  if (request.path == "/healthz") {
    responder.respond(200, kJson, R"({"status":"ok"})");
    return;
  }
  if (!http::bearerAuthorized(request, token_)) {
    static constexpr http::HttpHeader kChallenge[] = {{"WWW-Authenticate", "Bearer"},
                                                      {"Content-Type", "application/json"}};
    responder.respond(401, kChallenge,
                      http::jsonErrorBody("unauthorized", "the admin API needs a bearer token"));
    return;
  }
  if (dlq_api_.handle(request, responder)) {
    return;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    responder.respond(405, kJson, http::jsonErrorBody("method_not_allowed", "use GET"));
    return;
  }
  if (request.path == "/readyz") {
    bool ready = ready_();
    responder.respond(ready ? 200 : 503, kJson,
                      ready ? R"({"status":"ready"})" : R"({"status":"not_ready"})");
    return;
  }
  if (request.path == "/metrics") {
    responder.respond(200, "text/plain; version=0.0.4; charset=utf-8",
                      renderPrometheus(*dispatcher_, exported_));
    return;
  }
  responder.respond(
      404, kJson,
      http::jsonErrorBody("not_found", "admin endpoints: /healthz, /readyz, /metrics, /v1/dlq"));
}

}  // namespace switchyard
