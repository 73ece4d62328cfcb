#include <memory>

#include "connectors/connector.h"
#include "dispatcher/router/route_table.h"
#include "gateway/config/config.h"

namespace switchyard::connectors {
namespace {

// `source: { kind: topic, topic: NAME }`: the trigger receives what is published to a Switchyard
// topic — today the records of on_success / on_failure destinations with { topic: NAME }. The
// router indexes these triggers by topic (RouteTable::subscribers); there is nothing to run.
class TopicConnector final : public Connector {
 public:
  explicit TopicConnector(const router::TriggerRoute& trigger) : trigger_(trigger) {}
  Status start() override { return okStatus(); }
  void stop() override {}
  ConnectorStats stats() const override {
    return {trigger_.metrics->received.value(), trigger_.metrics->accepted.value(), 0};
  }

 private:
  const router::TriggerRoute& trigger_;
};

class TopicConnectorFactory final : public ConnectorFactory {
 public:
  std::string_view kind() const override { return "topic"; }

  std::vector<ConfigKeyDoc> describeConfig() const override {
    return {{"kind", "string", "", "topic"},
            {"topic", "string", "", "the topic to listen to (destinations publish with "
                                    "{ topic: NAME })"}};
  }

  Status validateSource(const config::Config& config,
                        const config::TriggerConfig& trigger) const override {
    std::string base = "triggers." + trigger.name + ".source";
    for (const auto& entry : trigger.source) {
      std::string key = entry.first.as<std::string>();
      if (key != "kind" && key != "topic") {
        return makeError(Errc::kInvalidArgument,
                         config::formatError(config.path, config::markOf(entry.first),
                                             base + "." + key,
                                             "unknown key \"" + key +
                                                 "\" (a topic source takes: kind, topic)"));
      }
    }
    YAML::Node topic = trigger.source["topic"];
    if (!topic.IsDefined() || !topic.IsScalar() || topic.Scalar().empty()) {
      return makeError(Errc::kInvalidArgument,
                       config::formatError(config.path, trigger.source_mark, base + ".topic",
                                           "a topic source needs `topic: NAME`"));
    }
    return okStatus();
  }

  Status startSurfaces(ConnectorContext& /*context*/) override { return okStatus(); }

  Result<std::unique_ptr<Connector>> create(const router::TriggerRoute& trigger,
                                            ConnectorContext& /*context*/) override {
    return std::unique_ptr<Connector>(std::make_unique<TopicConnector>(trigger));
  }
};

}  // namespace

std::unique_ptr<ConnectorFactory> make_topic_connector_factory() {
  return std::make_unique<TopicConnectorFactory>();
}

}  // namespace switchyard::connectors
