#pragma once

#include <string>

#include "connectors/connector.h"
#include "gateway/http/http_routes.h"

namespace switchyard::connectors {

// POST /events/{trigger}: any body becomes an event of that trigger, routed before the answer.
//   202 {"id": ..., "deliveries": N}     routed (N = 0: no target's filter matched)
//   400  malformed JSON (when sent as JSON, or when a filter must read it)
//   401  ingest token required; 404 unknown trigger; 405 not POST
//   429  a target's queue is full (Retry-After); 503 draining (Retry-After)
//
// NOTE: runs on every shard concurrently; holds only immutable state.
class WebhookSurface final : public http::HttpRouteHandler {
 public:
  static constexpr std::string_view kPrefix = "/events/";

  explicit WebhookSurface(ConnectorContext& context);
  void handle(const http::HttpRequest& request, std::string_view trigger_name,
              http::HttpResponder responder) noexcept override;

 private:
  ConnectorContext& context_;
  std::string ingest_token_;
};

}  // namespace switchyard::connectors
