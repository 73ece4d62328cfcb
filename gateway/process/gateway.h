#pragma once

#include <uv.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "connectors/connector.h"
#include "connectors/registry.h"
#include "dispatcher/dead_letter.h"
#include "dispatcher/destinations.h"
#include "dispatcher/dispatcher.h"
#include "dispatcher/dlq/dlq_service.h"
#include "dispatcher/memory_budget.h"
#include "dispatcher/shard.h"
#include "gateway/config/config.h"
#include "gateway/core/loop_thread.h"
#include "gateway/http/http_routes.h"
#include "gateway/http/http_server.h"

namespace switchyard {

class IngestService;
class AdminService;

// The process: shards (worker loops with their listeners and functions), the control loop (admin
// API, signals, drain), the dispatcher and the connectors, wired from one validated config.
//
// Lifecycle: create() validates and builds everything (listening sockets are bound, so port
// conflicts fail here); run() serves on the calling thread until SIGTERM/SIGINT or stop(), then
// drains: stop accepting, let in-flight work finish up to server.drain_timeout, report what was
// left, stop.
struct GatewayOptions {
  bool serve_ingest = true;  // false: no ingest listener (the CLI's offline DLQ replay)
  bool serve_admin = true;
};

class Gateway final : public connectors::ConnectorContext {
 public:
  static Result<std::unique_ptr<Gateway>> create(std::shared_ptr<const config::Config> config,
                                                 GatewayOptions options = {});
  ~Gateway() override;

  // Serves until stopped; returns the process exit code (0: drained cleanly).
  int run();
  // Starts the drain from any thread (as SIGTERM does).
  void stop();
  // Runs `task` on the control loop once serving (for embedders such as the CLI).
  void onReady(std::function<void()> task) { on_ready_ = std::move(task); }
  uv_loop_t* controlLoop() { return control_.loop(); }
  // The DLQ service, or nullptr with store.dlq: none.
  dlq::DlqService* dlq() { return dlq_; }

  uint16_t listenPort() const { return listen_port_; }
  uint16_t adminPort() const { return admin_port_; }
  bool ready() const { return ready_.load(std::memory_order_acquire); }

  // ConnectorContext
  const config::Config& config() const override { return *config_; }
  dispatcher::Dispatcher& dispatcher() override { return *dispatcher_; }
  http::HttpRoutes& httpRoutes() override { return routes_; }
  int shardCount() const override { return static_cast<int>(shards_.size()); }
  std::shared_ptr<void> shared(std::string_view key,
                               const std::function<std::shared_ptr<void>()>& create) override;
  void exportMetric(metrics::ExportedMetric metric) override {
    exported_metrics_.push_back(std::move(metric));
  }

  const std::vector<std::unique_ptr<dispatcher::Shard>>& shards() const { return shards_; }
  const std::vector<std::unique_ptr<connectors::Connector>>& connectors() const {
    return connectors_;
  }

 private:
  Gateway(std::shared_ptr<const config::Config> config, GatewayOptions options);
  Status build();
  Status buildFunctions(std::vector<std::unique_ptr<dispatcher::FunctionSpec>>& specs,
                        std::vector<dispatcher::FunctionRuntime*>& runtimes);
  Status bindListeners();
  Status bindAdmin();
  void beginDrain(const char* why);
  void checkDrain();
  void finishDrain();
  void reportLeftovers();

  std::shared_ptr<const config::Config> config_;
  GatewayOptions options_;
  std::function<void()> on_ready_;
  std::unique_ptr<connectors::ConnectorRegistry> registry_;
  // Before the shards: deliveries still ending while they stop give their bytes back to it.
  std::unique_ptr<dispatcher::MemoryBudget> memory_budget_;
  std::vector<std::unique_ptr<dispatcher::Shard>> shards_;
  std::unique_ptr<dispatcher::DeadLetterSink> dead_letters_;
  dlq::DlqService* dlq_ = nullptr;  // the same object as dead_letters_, when there is a store
  std::unique_ptr<dispatcher::Destinations> destinations_;
  std::unique_ptr<dispatcher::Dispatcher> dispatcher_;
  http::HttpRoutes routes_;
  std::unique_ptr<IngestService> ingest_;
  std::vector<std::unique_ptr<http::HttpListener>> listeners_;  // one per shard
  std::vector<std::unique_ptr<connectors::Connector>> connectors_;
  std::map<std::string, std::shared_ptr<void>, std::less<>> shared_;
  metrics::ExportedMetrics exported_metrics_;  // their sources live in shared_ or longer

  LoopThread control_{"control"};
  std::unique_ptr<AdminService> admin_;
  std::unique_ptr<LoopTimers> control_timers_;
  std::unique_ptr<http::HttpListener> admin_listener_;
  uv_signal_t* sigterm_ = nullptr;
  uv_signal_t* sigint_ = nullptr;
  uv_timer_t* drain_timer_ = nullptr;
  int64_t drain_deadline_ms_ = 0;
  bool draining_ = false;
  bool drained_cleanly_ = true;

  uint16_t listen_port_ = 0;
  uint16_t admin_port_ = 0;
  std::atomic<bool> ready_{false};
};

}  // namespace switchyard
