#include <memory>

#include "connectors/aws/aws_hub.h"
#include "connectors/connector.h"
#include "connectors/source_keys.h"
#include "connectors/sqs/sqs_api.h"
#include "connectors/sqs/sqs_event_source.h"
#include "dispatcher/router/route_table.h"
#include "gateway/config/config.h"

namespace switchyard::connectors {
namespace {

// `source: { kind: sqs, queue: NAME }`: an event-source mapping from a Switchyard queue. The
// factory also puts the SQS API on the AWS hub (the queues exist whether or not a trigger reads
// them: applications use them through the AWS SDK).
class SqsConnectorFactory final : public ConnectorFactory {
 public:
  std::string_view kind() const override { return "sqs"; }

  std::vector<ConfigKeyDoc> describeConfig() const override {
    return {{"kind", "string", "", "sqs"},
            {"queue", "string", "",
             "the queue to receive from (created at start if not "
             "declared under queues:)"}};
  }

  Status validateSource(const config::Config& config,
                        const config::TriggerConfig& trigger) const override {
    if (Status keys = validateSourceKeys(config, trigger, "an sqs source", "queue"); !keys.ok()) {
      return keys;
    }
    if (trigger.batch.size > 10000) {
      return makeError(
          Errc::kInvalidArgument,
          config::formatError(config.path, trigger.mark, "triggers." + trigger.name + ".batch.size",
                              "an SQS batch holds at most 10000 messages"));
    }
    return okStatus();
  }

  Status startSurfaces(ConnectorContext& context) override {
    hub_ = aws::awsHub(context);
    auto api = std::make_unique<sqs::SqsApi>();
    api_ = api.get();
    hub_->addService(std::move(api));
    return okStatus();
  }

  Status surfacesReady(ConnectorContext& /*context*/) override { return hub_->start(); }

  Result<std::unique_ptr<Connector>> create(const router::TriggerRoute& trigger,
                                            ConnectorContext& context) override {
    const config::TriggerConfig& config = context.config().triggers.at(trigger.name);
    return std::unique_ptr<Connector>(
        std::make_unique<sqs::SqsEventSource>(trigger, config, hub_, api_));
  }

  void stopSurfaces() override {
    if (hub_) {
      hub_->stop();
    }
  }

 private:
  std::shared_ptr<aws::AwsHub> hub_;
  sqs::SqsApi* api_ = nullptr;
};

}  // namespace

std::unique_ptr<ConnectorFactory> make_sqs_connector_factory() {
  return std::make_unique<SqsConnectorFactory>();
}

}  // namespace switchyard::connectors
