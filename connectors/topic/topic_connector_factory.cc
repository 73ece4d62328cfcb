#include <memory>

#include "connectors/connector.h"
#include "connectors/passive_trigger.h"
#include "connectors/source_keys.h"
#include "dispatcher/router/route_table.h"
#include "gateway/config/config.h"

namespace switchyard::connectors {
namespace {

// `source: { kind: topic, topic: NAME }`: the trigger receives what is published to a Switchyard
// topic — today the records of on_success / on_failure destinations with { topic: NAME }. The
// router indexes these triggers by topic (RouteTable::subscribers); there is nothing to run.
class TopicConnectorFactory final : public ConnectorFactory {
 public:
  std::string_view kind() const override { return "topic"; }

  std::vector<ConfigKeyDoc> describeConfig() const override {
    return {{"kind", "string", "", "topic"},
            {"topic", "string", "",
             "the topic to listen to (destinations publish with "
             "{ topic: NAME })"}};
  }

  Status validateSource(const config::Config& config,
                        const config::TriggerConfig& trigger) const override {
    return validateSourceKeys(config, trigger, "a topic source", "topic");
  }

  Status startSurfaces(ConnectorContext& /*context*/) override { return okStatus(); }

  Result<std::unique_ptr<Connector>> create(const router::TriggerRoute& trigger,
                                            ConnectorContext& /*context*/) override {
    return std::unique_ptr<Connector>(std::make_unique<PassiveTrigger>(trigger));
  }
};

}  // namespace

std::unique_ptr<ConnectorFactory> make_topic_connector_factory() {
  return std::make_unique<TopicConnectorFactory>();
}

}  // namespace switchyard::connectors
