#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/connector.h"

namespace switchyard::connectors {

// kind → factory, for the connectors compiled in (the list CMake generates from
// SWITCHYARD_CONNECTORS). Factories hold the surfaces they start, so each gateway instance makes
// its own registry.
class ConnectorRegistry {
 public:
  static std::unique_ptr<ConnectorRegistry> createBuiltin();

  ConnectorFactory* find(std::string_view kind) const;
  std::vector<std::string> kinds() const;
  const std::vector<std::unique_ptr<ConnectorFactory>>& factories() const { return factories_; }

  // Every trigger's source kind exists and its source block is valid.
  Status validate(const config::Config& config) const;

 private:
  std::vector<std::unique_ptr<ConnectorFactory>> factories_;
};

}  // namespace switchyard::connectors
