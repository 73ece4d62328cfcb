#pragma once

#include "connectors/registry.h"
#include "gateway/config/config.h"

namespace switchyard {

// Everything `switchyard validate` checks beyond the YAML structure: each trigger's source block
// (by its connector), function kinds and endpoints, and that every filter compiles. Does not bind
// ports or resolve hosts. Gateway::create runs the same checks first.
Status checkConfig(const config::Config& config, const connectors::ConnectorRegistry& registry);

}  // namespace switchyard
