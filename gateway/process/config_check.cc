#include "gateway/process/config_check.h"

#include "dispatcher/invokers/http_endpoint.h"
#include "dispatcher/router/route_table.h"

namespace switchyard {

Status checkConfig(const config::Config& config, const connectors::ConnectorRegistry& registry) {
  if (Status status = registry.validate(config); !status.ok()) {
    return status;
  }
  StringMap<router::FunctionId> ids;
  router::FunctionId next = 0;
  for (const auto& [name, function] : config.functions) {
    ids.emplace(name, next++);
    std::string key = "functions." + name;
    if (function.kind == config::FunctionKind::kRuntimeApi) {
      continue;  // no endpoint: runtimes pull from the Runtime API
    }
    Result<dispatcher::HttpEndpoint> endpoint = dispatcher::parseHttpEndpoint(function.endpoint);
    if (!endpoint.ok()) {
      return makeError(Errc::kInvalidArgument,
                       config::formatError(config.path, function.mark, key + ".endpoint",
                                           endpoint.error().message));
    }
  }
  for (const auto& [name, trigger] : config.triggers) {
    if (trigger.targets.size() > 64) {
      return makeError(Errc::kInvalidArgument,
                       config::formatError(config.path, trigger.mark, "triggers." + name,
                                           "a trigger fans out to at most 64 functions"));
    }
  }
  Result<std::unique_ptr<router::RouteTable>> routes = router::RouteTable::build(config, ids, 1);
  if (!routes.ok()) {
    return routes.error();
  }
  return okStatus();
}

}  // namespace switchyard
