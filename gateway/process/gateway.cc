#include "gateway/process/gateway.h"

#include <csignal>
#include <filesystem>
#include <functional>
#include <thread>

#include "dispatcher/function_runtime.h"
#include "dispatcher/invokers/curl_invoker.h"
#include "dispatcher/invokers/http_endpoint.h"
#include "dispatcher/invokers/http_invoker.h"
#include "dispatcher/invokers/runtime_api/runtime_api_invoker.h"
#include "dispatcher/router/route_table.h"
#include "gateway/admin/admin_service.h"
#include "gateway/core/log.h"
#include "gateway/process/config_check.h"
#include "gateway/process/ingest_service.h"

namespace switchyard {
namespace {

constexpr std::string_view kLog = "gateway";
constexpr uint64_t kDrainPollMs = 20;

int shardsFor(const config::ServerConfig& server) {
  if (server.shards > 0) {
    return server.shards;
  }
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

template <typename Handle>
void closeAndDelete(Handle*& handle) {
  if (handle != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(handle),
             [](uv_handle_t* closed) { delete reinterpret_cast<Handle*>(closed); });
    handle = nullptr;
  }
}

}  // namespace

Gateway::Gateway(std::shared_ptr<const config::Config> config, GatewayOptions options)
    : config_(std::move(config)), options_(options) {}

Gateway::~Gateway() {
  for (auto& shard : shards_) {
    shard->join();
  }
  // Every loop has stopped: free what is still queued anywhere before any loop goes away.
  if (dlq_ != nullptr) {
    dlq_->stop();
  }
  for (auto& shard : shards_) {
    shard->thread().discardPending();
  }
  connectors_.clear();
  listeners_.clear();
  shards_.clear();
  admin_listener_.reset();
  control_timers_.reset();
}

Result<std::unique_ptr<Gateway>> Gateway::create(std::shared_ptr<const config::Config> config,
                                                 GatewayOptions options) {
  std::unique_ptr<Gateway> gateway(new Gateway(std::move(config), options));
  Status status = gateway->build();
  if (!status.ok()) {
    return status.error();
  }
  return gateway;
}

Status Gateway::build() {
  const config::Config& config = *config_;
  registry_ = connectors::ConnectorRegistry::createBuiltin();
  if (Status status = checkConfig(config, *registry_); !status.ok()) {
    return status;
  }

  int shard_count = shardsFor(config.server);
  for (int i = 0; i < shard_count; ++i) {
    shards_.push_back(std::make_unique<dispatcher::Shard>(i));
  }
  if (config.store.dlq == "none") {
    dead_letters_ = std::make_unique<dispatcher::LoggingDeadLetterSink>();
  } else {
    Result<std::unique_ptr<dlq::DlqStore>> store =
        dlq::openDlqStore(config.store.dlq, config.store.data_dir);
    if (!store.ok()) {
      return makeError(Errc::kUnavailable, "store: " + store.error().message);
    }
    auto service = std::make_unique<dlq::DlqService>(std::move(store).value());
    dlq_ = service.get();
    dead_letters_ = std::move(service);
  }
  destinations_ = std::make_unique<dispatcher::Destinations>(config.server.max_chain_hops);

  std::vector<std::unique_ptr<dispatcher::FunctionSpec>> specs;
  std::vector<dispatcher::FunctionRuntime*> runtimes;
  if (Status status = buildFunctions(specs, runtimes); !status.ok()) {
    return status;
  }
  StringMap<dispatcher::FunctionId> function_ids;
  for (const auto& spec : specs) {
    function_ids.emplace(spec->config.name, spec->id);
  }
  Result<std::unique_ptr<router::RouteTable>> routes =
      router::RouteTable::build(config, function_ids, shard_count);
  if (!routes.ok()) {
    return routes.error();
  }
  std::vector<dispatcher::Shard*> shard_pointers;
  for (auto& shard : shards_) {
    shard_pointers.push_back(shard.get());
  }
  dispatcher_ = std::make_unique<dispatcher::Dispatcher>(
      std::move(specs), std::move(runtimes), std::move(shard_pointers), std::move(routes).value());
  destinations_->attach(dispatcher_.get());
  if (dlq_ != nullptr) {
    dlq_->attach(dispatcher_.get());
    dlq_->start();
  }

  ingest_ = std::make_unique<IngestService>(&routes_);
  for (const auto& factory : registry_->factories()) {
    if (Status status = factory->startSurfaces(*this); !status.ok()) {
      return status;
    }
  }
  for (const auto& factory : registry_->factories()) {
    if (Status status = factory->surfacesReady(*this); !status.ok()) {
      return status;
    }
  }
  for (const auto& trigger : dispatcher_->routes().triggers()) {
    Result<std::unique_ptr<connectors::Connector>> connector =
        registry_->find(trigger->source_kind)->create(*trigger, *this);
    if (!connector.ok()) {
      return connector.error();
    }
    if (Status status = (*connector)->start(); !status.ok()) {
      return status;
    }
    connectors_.push_back(std::move(connector).value());
  }
  return bindListeners();
}

Status Gateway::buildFunctions(std::vector<std::unique_ptr<dispatcher::FunctionSpec>>& specs,
                               std::vector<dispatcher::FunctionRuntime*>& runtimes) {
  const config::Config& config = *config_;
  memory_budget_ = std::make_unique<dispatcher::MemoryBudget>(config.server.memory_budget);
  dispatcher::FunctionId next_id = 0;
  for (const auto& [name, function] : config.functions) {
    int home = static_cast<int>(std::hash<std::string>{}(name) % shards_.size());
    auto spec = std::make_unique<dispatcher::FunctionSpec>(next_id++, function, home);
    spec->budget = memory_budget_.get();
    if (function.kind == config::FunctionKind::kRuntimeApi && !function.command.empty()) {
      spec->config.concurrency = function.instances;  // each managed runtime runs one at a time
    }
    dispatcher::Shard& shard = *shards_[static_cast<size_t>(home)];
    auto runtime = std::make_unique<dispatcher::FunctionRuntime>(
        spec.get(), &shard, dead_letters_.get(), destinations_.get());
    if (function.kind == config::FunctionKind::kRuntimeApi) {
      std::filesystem::path config_dir = std::filesystem::path(config.path).parent_path();
      if (config.path.starts_with("<") || config_dir.empty()) {
        config_dir = std::filesystem::current_path();
      }
      auto invoker = std::make_unique<dispatcher::RuntimeApiInvoker>(
          spec.get(), config_dir.string(), shard.loop(), &shard.timers(), runtime.get());
      if (Status started = invoker->start(); !started.ok()) {
        return started;
      }
      runtime->setInvoker(std::move(invoker));
      runtimes.push_back(runtime.get());
      shard.addFunction(std::move(runtime));
      specs.push_back(std::move(spec));
      continue;
    }
    // checkConfig() vetted kind and endpoint already.
    Result<dispatcher::HttpEndpoint> endpoint = dispatcher::parseHttpEndpoint(function.endpoint);
    if (endpoint->tls || function.use_curl) {
      runtime->setInvoker(std::make_unique<dispatcher::CurlInvoker>(spec.get(), function.endpoint,
                                                                    shard.loop(), runtime.get()));
    } else {
      if (Status resolved = dispatcher::resolveEndpoint(*endpoint); !resolved.ok()) {
        return makeError(
            Errc::kInvalidArgument,
            config::formatError(config.path, function.mark, "functions." + name + ".endpoint",
                                resolved.error().message));
      }
      runtime->setInvoker(std::make_unique<dispatcher::HttpInvoker>(
          spec.get(), std::move(endpoint).value(), shard.loop(), &shard.timers(), runtime.get()));
    }
    runtimes.push_back(runtime.get());
    shard.addFunction(std::move(runtime));
    specs.push_back(std::move(spec));
  }
  return okStatus();
}

Status Gateway::bindListeners() {
  const config::ServerConfig& server = config_->server;
  control_timers_ = std::make_unique<LoopTimers>(control_.loop());
  if (!options_.serve_ingest) {
    return bindAdmin();
  }
  if (Status free = http::HttpListener::probeAvailable(server.listen.host, server.listen.port);
      !free.ok()) {
    return makeError(Errc::kUnavailable, "server.listen: " + free.error().message);
  }
  http::HttpServerOptions options;
  options.max_header_bytes = server.max_header_bytes;
  options.max_body_bytes = server.max_body_bytes;
  options.idle_timeout_ms = server.idle_timeout.count();
  options.name = "ingest";
  // Every shard listens on the same address; the kernel spreads connections (SO_REUSEPORT). The
  // loops are not running yet, so their handles can be set up from here.
  for (auto& shard : shards_) {
    auto listener = std::make_unique<http::HttpListener>(shard->loop(), &shard->timers(), options,
                                                         ingest_.get());
    uint16_t port = listeners_.empty() ? server.listen.port : listen_port_;
    Result<uint16_t> bound = listener->listen(server.listen.host, port, true);
    if (!bound.ok()) {
      return makeError(Errc::kUnavailable, "server.listen: " + bound.error().message);
    }
    listen_port_ = *bound;
    listeners_.push_back(std::move(listener));
  }
  return bindAdmin();
}

Status Gateway::bindAdmin() {
  const config::ServerConfig& server = config_->server;
  if (!options_.serve_admin) {
    return okStatus();
  }
  admin_ = std::make_unique<AdminService>(
      dispatcher_.get(), dlq_, [this] { return ready(); }, server.admin_token, &exported_metrics_);
  http::HttpServerOptions admin_options;
  admin_options.name = "admin";
  admin_listener_ = std::make_unique<http::HttpListener>(control_.loop(), control_timers_.get(),
                                                         admin_options, admin_.get());
  Result<uint16_t> admin_bound =
      admin_listener_->listen(server.admin.host, server.admin.port, false);
  if (!admin_bound.ok()) {
    return makeError(Errc::kUnavailable, "server.admin: " + admin_bound.error().message);
  }
  admin_port_ = *admin_bound;
  return okStatus();
}

std::shared_ptr<void> Gateway::shared(std::string_view key,
                                      const std::function<std::shared_ptr<void>()>& create) {
  auto it = shared_.find(key);
  if (it == shared_.end()) {
    it = shared_.emplace(std::string(key), create()).first;
  }
  return it->second;
}

int Gateway::run() {
  control_.runHere([this] {
    auto install = [this](int signum) {
      auto* handle = new uv_signal_t{};
      uv_signal_init(control_.loop(), handle);
      handle->data = this;
      uv_signal_start(
          handle,
          [](uv_signal_t* signal, int number) {
            static_cast<Gateway*>(signal->data)
                ->beginDrain(number == SIGTERM ? "SIGTERM" : "SIGINT");
          },
          signum);
      return handle;
    };
    sigterm_ = install(SIGTERM);
    sigint_ = install(SIGINT);
    for (auto& shard : shards_) {
      shard->start({});
    }
    ready_.store(true, std::memory_order_release);
    if (on_ready_) {
      on_ready_();
    }
    if (!options_.serve_ingest) {
      return;  // embedded use (the CLI): no banner
    }
    log::info(kLog, "Switchyard is ready.",
              {{"listen", config_->server.listen.host + ":" + std::to_string(listen_port_)},
               {"admin", config_->server.admin.host + ":" + std::to_string(admin_port_)},
               {"shards", shards_.size()},
               {"functions", dispatcher_->functions().size()},
               {"triggers", dispatcher_->routes().triggers().size()},
               {"config", config_->path}});
  });
  return drained_cleanly_ ? 0 : 2;
}

void Gateway::stop() {
  control_.post([this] { beginDrain("stop requested"); });
}

void Gateway::beginDrain(const char* why) {
  if (draining_) {
    log::warn(kLog, "Second stop request: ending the drain now.", {{"signal", why}});
    drain_deadline_ms_ = 0;
    checkDrain();
    return;
  }
  draining_ = true;
  ready_.store(false, std::memory_order_release);
  dispatcher_->stopAdmitting();
  drain_deadline_ms_ =
      static_cast<int64_t>(uv_now(control_.loop())) + config_->server.drain_timeout.count();
  log::info(kLog, "Draining: no new events are accepted; in-flight work may finish.",
            {{"reason", why},
             {"outstanding", dispatcher_->outstanding()},
             {"drain_timeout_ms", config_->server.drain_timeout.count()}});
  for (size_t i = 0; i < listeners_.size(); ++i) {
    http::HttpListener* listener = listeners_[i].get();
    shards_[i]->thread().post([listener] {
      listener->stopAccepting();
      listener->closeIdleConnections();
    });
  }
  for (auto& connector : connectors_) {
    connector->pause();
  }
  drain_timer_ = new uv_timer_t{};
  uv_timer_init(control_.loop(), drain_timer_);
  drain_timer_->data = this;
  uv_timer_start(
      drain_timer_, [](uv_timer_t* timer) { static_cast<Gateway*>(timer->data)->checkDrain(); },
      kDrainPollMs, kDrainPollMs);
}

void Gateway::checkDrain() {
  if (drain_timer_ == nullptr) {
    return;  // already finished
  }
  if (dispatcher_->outstanding() == 0) {
    finishDrain();
    return;
  }
  if (static_cast<int64_t>(uv_now(control_.loop())) >= drain_deadline_ms_) {
    drained_cleanly_ = false;
    reportLeftovers();
    finishDrain();
  }
}

void Gateway::reportLeftovers() {
  int64_t total = dispatcher_->outstanding();
  log::warn(kLog, "Drain deadline reached with work left; it is dead-lettered now.",
            {{"outstanding", total}});
  for (const auto& spec : dispatcher_->functions()) {
    int64_t left = spec->outstanding.load(std::memory_order_acquire);
    if (left == 0) {
      continue;
    }
    log::warn(kLog, "Function had unfinished deliveries at shutdown.",
              {{"function", spec->config.name},
               {"outstanding", left},
               {"in_flight", spec->metrics.in_flight.value()},
               {"queued", spec->metrics.queued.value()},
               {"retry_waiting", spec->metrics.retry_waiting.value()}});
  }
}

void Gateway::finishDrain() {
  closeAndDelete(drain_timer_);
  // Sources first (they feed the shards), then the shards.
  for (auto& connector : connectors_) {
    connector->stop();
  }
  for (const auto& factory : registry_->factories()) {
    factory->stopSurfaces();
  }
  for (size_t i = 0; i < shards_.size(); ++i) {
    http::HttpListener* listener = i < listeners_.size() ? listeners_[i].get() : nullptr;
    shards_[i]->stop([listener] {
      if (listener != nullptr) {
        listener->close();
      }
    });
  }
  for (auto& shard : shards_) {
    shard->join();
  }
  if (dlq_ != nullptr) {
    dlq_->stop();  // shutdown dead letters are written before the process ends
  }
  uint64_t dead_lettered = 0;
  for (const auto& spec : dispatcher_->functions()) {
    dead_lettered += spec->metrics.dead_lettered.value();
  }
  if (options_.serve_ingest) {
    log::info(kLog,
              drained_cleanly_ ? "Stopped: every accepted event reached its end."
                               : "Stopped with unfinished work (see above).",
              {{"dead_lettered_total", dead_lettered},
               {"dlq_records_written", dlq_ != nullptr ? dlq_->committed() : 0}});
  }
  if (admin_listener_) {
    admin_listener_->close();
  }
  control_timers_->close();
  closeAndDelete(sigterm_);
  closeAndDelete(sigint_);
  uv_stop(control_.loop());
}

}  // namespace switchyard
