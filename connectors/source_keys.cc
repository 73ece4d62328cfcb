#include "connectors/source_keys.h"

#include <string>

namespace switchyard::connectors {

Status validateSourceKeys(const config::Config& config, const config::TriggerConfig& trigger,
                          std::string_view described, std::string_view name_key) {
  const std::string base = "triggers." + trigger.name + ".source";
  const std::string takes =
      name_key.empty() ? "takes only: kind" : "takes: kind, " + std::string(name_key);
  for (const auto& entry : trigger.source) {
    std::string key = entry.first.as<std::string>();
    if (key != "kind" && (name_key.empty() || key != name_key)) {
      return makeError(
          Errc::kInvalidArgument,
          config::formatError(
              config.path, config::markOf(entry.first), base + "." + key,
              "unknown key \"" + key + "\" (" + std::string(described) + " " + takes + ")"));
    }
  }
  if (name_key.empty()) {
    return okStatus();
  }
  YAML::Node name = trigger.source[std::string(name_key)];
  if (!name.IsDefined() || !name.IsScalar() || name.Scalar().empty()) {
    return makeError(Errc::kInvalidArgument,
                     config::formatError(
                         config.path, trigger.source_mark, base + "." + std::string(name_key),
                         std::string(described) + " needs `" + std::string(name_key) + ": NAME`"));
  }
  return okStatus();
}

}  // namespace switchyard::connectors
