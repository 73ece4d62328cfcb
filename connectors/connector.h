#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/core/metrics.h"
#include "gateway/core/result.h"

// The plugin interface every source implements (Fluent Bit's input plugin, Envoy's extension
// factory). The rest of the system never names a connector: it asks the registry for the factory
// of a trigger's `source.kind`.

namespace switchyard::config {
struct Config;
struct TriggerConfig;
}  // namespace switchyard::config
namespace switchyard::dispatcher {
class Dispatcher;
}
namespace switchyard::http {
class HttpRoutes;
}
namespace switchyard::router {
struct TriggerRoute;
}

namespace switchyard::connectors {

struct ConnectorStats {
  uint64_t received = 0;  // events taken in from the source
  uint64_t emitted = 0;   // handed to the dispatcher (accepted)
  uint64_t errors = 0;    // malformed input, source failures
};

// One documented key of a connector's `source:` block (docs are generated from these).
struct ConfigKeyDoc {
  std::string key;
  std::string type;
  std::string default_value;
  std::string doc;
};

// What the gateway hands a connector.
//
// NOTE: call on the control thread while connectors start; dispatcher() is then safe from any
// shard thread.
class ConnectorContext {
 public:
  virtual ~ConnectorContext() = default;
  virtual const config::Config& config() const = 0;
  virtual dispatcher::Dispatcher& dispatcher() = 0;
  // Routes on the shared main listener (webhooks, AWS-style APIs). Register before start ends.
  virtual http::HttpRoutes& httpRoutes() = 0;
  virtual int shardCount() const = 0;
  // An object connectors share (the AWS services hub), created by `create` on first use. Lives
  // as long as the gateway.
  virtual std::shared_ptr<void> shared(std::string_view key,
                                       const std::function<std::shared_ptr<void>()>& create) = 0;

  // Publishes a metric on the admin API's /metrics (see metrics::ExportedMetric).
  virtual void exportMetric(metrics::ExportedMetric metric) = 0;

  template <typename T>
  std::shared_ptr<T> shared(std::string_view key) {
    return std::static_pointer_cast<T>(
        shared(key, [this] { return std::static_pointer_cast<void>(std::make_shared<T>(*this)); }));
  }
};

// A running source instance, one per trigger.
//
// NOTE: lifecycle calls come from the control thread.
class Connector {
 public:
  virtual ~Connector() = default;
  virtual Status start() = 0;
  // Stop taking in new events (drain begins); resume undoes it.
  virtual void pause() {}
  virtual void resume() {}
  // Release resources; pending acknowledgements are abandoned (pull sources redeliver them).
  virtual void stop() = 0;
  virtual ConnectorStats stats() const = 0;
};

class ConnectorFactory {
 public:
  virtual ~ConnectorFactory() = default;
  virtual std::string_view kind() const = 0;
  virtual std::vector<ConfigKeyDoc> describeConfig() const = 0;
  // Checks a trigger's `source:` block beyond `kind`; errors in config::formatError's style.
  virtual Status validateSource(const config::Config& config,
                                const config::TriggerConfig& trigger) const = 0;
  // Called once at start-up, whether or not any trigger uses this kind: surfaces that are not
  // per trigger (e.g. the Lambda Invoke API) register here.
  virtual Status startSurfaces(ConnectorContext& context) = 0;
  // Called once after every factory's startSurfaces, before any connector is created (shared
  // services that several factories add to start here).
  virtual Status surfacesReady(ConnectorContext& /*context*/) { return okStatus(); }
  // Called once when the gateway stops, after the drain and before the shards stop.
  virtual void stopSurfaces() {}
  virtual Result<std::unique_ptr<Connector>> create(const router::TriggerRoute& trigger,
                                                    ConnectorContext& context) = 0;
};

}  // namespace switchyard::connectors
