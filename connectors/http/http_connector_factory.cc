#include <memory>

#include "connectors/connector.h"
#include "connectors/http/lambda_invoke_api.h"
#include "connectors/http/webhook_surface.h"
#include "connectors/source_keys.h"
#include "dispatcher/router/route_table.h"
#include "gateway/config/config.h"
#include "gateway/http/http_routes.h"

namespace switchyard::connectors {
namespace {

// An http trigger: its events arrive through the shared WebhookSurface, so the instance only
// reports the trigger's counters.
class WebhookConnector final : public Connector {
 public:
  explicit WebhookConnector(const router::TriggerRoute& trigger) : trigger_(trigger) {}
  Status start() override { return okStatus(); }
  void stop() override {}
  ConnectorStats stats() const override {
    const router::TriggerMetrics& metrics = *trigger_.metrics;
    return {metrics.received.value(), metrics.accepted.value(),
            metrics.rejected_bad_request.value()};
  }

 private:
  const router::TriggerRoute& trigger_;
};

class HttpConnectorFactory final : public ConnectorFactory {
 public:
  std::string_view kind() const override { return "http"; }

  std::vector<ConfigKeyDoc> describeConfig() const override {
    return {{"kind", "string", "", "http: events arrive as POST /events/{trigger}"}};
  }

  Status validateSource(const config::Config& config,
                        const config::TriggerConfig& trigger) const override {
    return validateSourceKeys(config, trigger, "an http source", "");
  }

  Status startSurfaces(ConnectorContext& context) override {
    webhooks_ = std::make_unique<WebhookSurface>(context);
    invoke_api_ = std::make_unique<LambdaInvokeApi>(context);
    context.httpRoutes().add(std::string(WebhookSurface::kPrefix), webhooks_.get());
    context.httpRoutes().add(std::string(LambdaInvokeApi::kPrefix), invoke_api_.get());
    return okStatus();
  }

  Result<std::unique_ptr<Connector>> create(const router::TriggerRoute& trigger,
                                            ConnectorContext& /*context*/) override {
    return std::unique_ptr<Connector>(std::make_unique<WebhookConnector>(trigger));
  }

 private:
  std::unique_ptr<WebhookSurface> webhooks_;
  std::unique_ptr<LambdaInvokeApi> invoke_api_;
};

}  // namespace

std::unique_ptr<ConnectorFactory> make_http_connector_factory() {
  return std::make_unique<HttpConnectorFactory>();
}

}  // namespace switchyard::connectors
