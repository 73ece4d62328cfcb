#pragma once

#include <functional>
#include <string>

#include "dispatcher/dispatcher.h"
#include "gateway/admin/dlq_api.h"
#include "gateway/core/metrics.h"
#include "gateway/http/http_server.h"

namespace switchyard {

// The admin API on its own port, served by the control loop:
//   GET /healthz  200 while the process runs
//   GET /readyz   200 when every shard listens and the gateway is not draining, else 503
//   GET /metrics  Prometheus text
//   /v1/dlq...    the dead-letter queue: browse, replay, purge (dlq_api.h)
// With server.admin_token set, every endpoint but /healthz needs `Authorization: Bearer`.
class AdminService final : public http::HttpService {
 public:
  // `exported`: metrics published outside the dispatcher (may be null); must outlive this.
  AdminService(const dispatcher::Dispatcher* dispatcher, dlq::DlqService* dlq,
               std::function<bool()> ready, std::string token,
               const metrics::ExportedMetrics* exported = nullptr)
      : dispatcher_(dispatcher),
        exported_(exported),
        dlq_api_(dlq, dispatcher),
        ready_(std::move(ready)),
        token_(std::move(token)) {}

  void handle(const http::HttpRequest& request, http::HttpResponder responder) noexcept override;

 private:
  const dispatcher::Dispatcher* dispatcher_;
  const metrics::ExportedMetrics* exported_;
  DlqApi dlq_api_;
  std::function<bool()> ready_;
  std::string token_;
};

}  // namespace switchyard
