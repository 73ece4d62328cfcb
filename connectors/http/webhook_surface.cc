#include "connectors/http/webhook_surface.h"

#include <cstdio>

#include "connectors/http/request_event.h"
#include "dispatcher/dispatcher.h"
#include "dispatcher/router/json_check.h"
#include "gateway/config/config.h"
#include "gateway/http/bearer_auth.h"
#include "gateway/http/json_response.h"

namespace switchyard::connectors {
namespace {

constexpr std::string_view kJson = "application/json";

bool wantsRequestMetadata(const router::TriggerRoute& trigger) {
  for (const router::TargetRoute& target : trigger.targets) {
    if (target.format == EventFormat::kAws) {
      return true;
    }
  }
  return false;
}

}  // namespace

WebhookSurface::WebhookSurface(ConnectorContext& context)
    : context_(context), ingest_token_(context.config().server.ingest_token) {}

void WebhookSurface::handle(const http::HttpRequest& request, std::string_view trigger_name,
                            http::HttpResponder responder) noexcept {
  dispatcher::Dispatcher& dispatcher = context_.dispatcher();
  const router::TriggerRoute* trigger = dispatcher.routes().find(trigger_name);
  if (trigger == nullptr || trigger->source_kind != "http") {
    responder.respond(404, kJson,
                      http::jsonErrorBody("unknown_trigger", "no http trigger named \"" +
                                                                 std::string(trigger_name) + "\""));
    return;
  }
  router::TriggerMetrics& metrics = *trigger->metrics;
  metrics.received.add();
  if (!http::bearerAuthorized(request, ingest_token_)) {
    metrics.rejected_unauthorized.add();
    static constexpr http::HttpHeader kChallenge[] = {{"WWW-Authenticate", "Bearer"}};
    responder.respond(401, kChallenge,
                      http::jsonErrorBody("unauthorized", "this endpoint needs a bearer token"));
    return;
  }
  if (request.method != "POST" && request.method != "PUT") {
    metrics.rejected_bad_request.add();
    static constexpr http::HttpHeader kAllow[] = {{"Allow", "POST, PUT"},
                                                  {"Content-Type", "application/json"}};
    responder.respond(405, kAllow,
                      http::jsonErrorBody("method_not_allowed", "send events with POST"));
    return;
  }

  EventRef event =
      eventFromRequest(request, EventKind::kHttp, trigger->name, wantsRequestMetadata(*trigger));
  if (trigger->needs_json || isJsonContentType(request.header("content-type"))) {
    Status json = router::checkJson(event->payload());
    if (!json.ok()) {
      metrics.rejected_bad_request.add();
      responder.respond(400, kJson, http::jsonErrorBody("malformed_json", json.error().message));
      return;
    }
  }

  dispatcher::AdmitResult admitted = dispatcher.route(*trigger, event);
  switch (admitted.status) {
    case dispatcher::AdmitStatus::kAccepted:
    case dispatcher::AdmitStatus::kFiltered: {
      if (admitted.status == dispatcher::AdmitStatus::kAccepted) {
        metrics.accepted.add();
      } else {
        metrics.filtered.add();
      }
      // Formatted on the stack: this answer is on the per-event path.
      char body[96];
      int length = std::snprintf(body, sizeof(body), R"({"id":"%.*s","deliveries":%zu})",
                                 static_cast<int>(event->idText().size()), event->idText().data(),
                                 admitted.deliveries);
      responder.respond(202, kJson, std::string_view(body, static_cast<size_t>(length)));
      return;
    }
    case dispatcher::AdmitStatus::kNotJson:
      metrics.rejected_bad_request.add();
      responder.respond(400, kJson,
                        http::jsonErrorBody("malformed_json",
                                            "this trigger filters on the body, which must be a "
                                            "JSON object"));
      return;
    case dispatcher::AdmitStatus::kQueueFull: {
      metrics.rejected_queue_full.add();
      static constexpr http::HttpHeader kRetry[] = {{"Retry-After", "1"},
                                                    {"Content-Type", "application/json"}};
      responder.respond(
          429, kRetry,
          http::jsonErrorBody("backpressure", admitted.backpressureReason() + "; retry later"));
      return;
    }
    case dispatcher::AdmitStatus::kShuttingDown: {
      metrics.rejected_shutting_down.add();
      static constexpr http::HttpHeader kRetry[] = {{"Retry-After", "5"},
                                                    {"Content-Type", "application/json"}};
      responder.respond(503, kRetry,
                        http::jsonErrorBody("shutting_down", "the gateway is draining"));
      return;
    }
  }
}

}  // namespace switchyard::connectors
