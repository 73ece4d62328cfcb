#pragma once

#include <functional>
#include <string>

#include "dispatcher/dispatcher.h"
#include "gateway/http/http_server.h"

namespace switchyard {

// The admin API on its own port, served by the control loop:
//   GET /healthz  200 while the process runs
//   GET /readyz   200 when every shard listens and the gateway is not draining, else 503
//   GET /metrics  Prometheus text
// With server.admin_token set, every endpoint but /healthz needs `Authorization: Bearer`.
class AdminService final : public http::HttpService {
 public:
  AdminService(const dispatcher::Dispatcher* dispatcher, std::function<bool()> ready,
               std::string token)
      : dispatcher_(dispatcher), ready_(std::move(ready)), token_(std::move(token)) {}

  void handle(const http::HttpRequest& request, http::HttpResponder responder) noexcept override;

 private:
  const dispatcher::Dispatcher* dispatcher_;
  std::function<bool()> ready_;
  std::string token_;
};

}  // namespace switchyard
