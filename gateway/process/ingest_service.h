#pragma once

#include "gateway/http/http_routes.h"
#include "gateway/http/http_server.h"

namespace switchyard {

// The main listener's request handler: finds the connector surface for the path (webhooks, the
// Lambda Invoke API, AWS-style APIs) and hands the request over; anything else is a JSON 404.
class IngestService final : public http::HttpService {
 public:
  explicit IngestService(const http::HttpRoutes* routes) : routes_(routes) {}
  void handle(const http::HttpRequest& request, http::HttpResponder responder) noexcept override;

 private:
  const http::HttpRoutes* routes_;
};

}  // namespace switchyard
