#include "connectors/registry.h"

#include "gateway/config/config.h"

namespace switchyard::connectors {

// Generated (connector_list.cc.in).
std::vector<std::unique_ptr<ConnectorFactory>> builtinConnectorFactories();

std::unique_ptr<ConnectorRegistry> ConnectorRegistry::createBuiltin() {
  auto registry = std::make_unique<ConnectorRegistry>();
  registry->factories_ = builtinConnectorFactories();
  return registry;
}

ConnectorFactory* ConnectorRegistry::find(std::string_view kind) const {
  for (const auto& factory : factories_) {
    if (factory->kind() == kind) {
      return factory.get();
    }
  }
  return nullptr;
}

std::vector<std::string> ConnectorRegistry::kinds() const {
  std::vector<std::string> out;
  for (const auto& factory : factories_) {
    out.emplace_back(factory->kind());
  }
  return out;
}

Status ConnectorRegistry::validate(const config::Config& config) const {
  for (const auto& [name, trigger] : config.triggers) {
    ConnectorFactory* factory = find(trigger.source_kind);
    if (factory == nullptr) {
      std::string known;
      for (const std::string& kind : kinds()) {
        known += (known.empty() ? "" : ", ") + kind;
      }
      return makeError(Errc::kInvalidArgument,
                       config::formatError(config.path, config::markOf(trigger.source["kind"]),
                                           "triggers." + name + ".source.kind",
                                           "no connector of kind \"" + trigger.source_kind +
                                               "\" in this build (available: " + known + ")"));
    }
    Status status = factory->validateSource(config, trigger);
    if (!status.ok()) {
      return status;
    }
  }
  return okStatus();
}

}  // namespace switchyard::connectors
