#include <memory>

#include "connectors/aws/aws_hub.h"
#include "connectors/connector.h"
#include "connectors/passive_trigger.h"
#include "connectors/sns/sns_api.h"
#include "connectors/source_keys.h"
#include "dispatcher/dispatcher.h"
#include "dispatcher/router/route_table.h"
#include "gateway/config/config.h"

namespace switchyard::connectors {
namespace {

// `source: { kind: sns, topic: NAME }`: the trigger receives what is published to the topic, as
// Lambda's SNS event (a subscription by configuration). The factory also puts the SNS API on the
// AWS hub.
class SnsConnectorFactory final : public ConnectorFactory {
 public:
  std::string_view kind() const override { return "sns"; }

  std::vector<ConfigKeyDoc> describeConfig() const override {
    return {{"kind", "string", "", "sns"},
            {"topic", "string", "",
             "the topic whose messages the trigger receives (created at "
             "start if missing)"}};
  }

  Status validateSource(const config::Config& config,
                        const config::TriggerConfig& trigger) const override {
    return validateSourceKeys(config, trigger, "an sns source", "topic");
  }

  Status startSurfaces(ConnectorContext& context) override {
    hub_ = aws::awsHub(context);
    auto api = std::make_unique<sns::SnsApi>();
    // Triggers subscribe here, before any factory's surfacesReady: the first of those starts the
    // shared hub (the sqs factory's comes before this one's), and the topics must exist from the
    // first request.
    for (const auto& trigger : context.dispatcher().routes().triggers()) {
      if (trigger->source_kind == "sns") {
        api->addTrigger(context.config().triggers.at(trigger->name).source["topic"].Scalar(),
                        trigger.get());
      }
    }
    hub_->addService(std::move(api));
    return okStatus();
  }

  Status surfacesReady(ConnectorContext& /*context*/) override { return hub_->start(); }

  Result<std::unique_ptr<Connector>> create(const router::TriggerRoute& trigger,
                                            ConnectorContext& /*context*/) override {
    return std::unique_ptr<Connector>(std::make_unique<PassiveTrigger>(trigger));
  }

  void stopSurfaces() override {
    if (hub_) {
      hub_->stop();
    }
  }

 private:
  std::shared_ptr<aws::AwsHub> hub_;
};

}  // namespace

std::unique_ptr<ConnectorFactory> make_sns_connector_factory() {
  return std::make_unique<SnsConnectorFactory>();
}

}  // namespace switchyard::connectors
