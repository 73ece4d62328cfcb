#include "gateway/cli/dlq_client.h"

#include <simdjson.h>
#include <uv.h>

#include <chrono>
#include <thread>

#include "dispatcher/dlq/dlq_json.h"
#include "dispatcher/dlq/dlq_query.h"
#include "dispatcher/dlq/dlq_store.h"
#include "gateway/http/blocking_http_client.h"
#include "gateway/process/gateway.h"

namespace switchyard::cli {
namespace {

DlqClient::Progress progressFromJson(std::string_view text) {
  DlqClient::Progress progress;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) {
    progress.state = "failed";
    progress.error = "unreadable progress from the gateway";
    return progress;
  }
  std::string_view value;
  if (root["id"].get_string().get(value) == simdjson::SUCCESS) progress.id = std::string(value);
  if (root["state"].get_string().get(value) == simdjson::SUCCESS)
    progress.state = std::string(value);
  if (root["error"].get_string().get(value) == simdjson::SUCCESS)
    progress.error = std::string(value);
  uint64_t number = 0;
  if (root["total"].get_uint64().get(number) == simdjson::SUCCESS) progress.total = number;
  if (root["submitted"].get_uint64().get(number) == simdjson::SUCCESS) progress.submitted = number;
  if (root["skipped"].get_uint64().get(number) == simdjson::SUCCESS) progress.skipped = number;
  double real = 0;
  if (root["rate"].get_double().get(real) == simdjson::SUCCESS) progress.rate = real;
  if (root["eta_seconds"].get_double().get(real) == simdjson::SUCCESS) progress.eta_seconds = real;
  return progress;
}

Error apiError(const http::ClientResponse& response) {
  std::string message = response.body;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string_view text;
  if (parser.parse(response.body).get(root) == simdjson::SUCCESS &&
      root["message"].get_string().get(text) == simdjson::SUCCESS) {
    message = std::string(text);
  }
  return makeError(Errc::kUnavailable,
                   "the gateway answered " + std::to_string(response.status) + ": " + message);
}

// The gateway is running: everything goes through its admin API.
class ApiDlqClient final : public DlqClient {
 public:
  ApiDlqClient(config::HostPort admin, std::string token)
      : admin_(std::move(admin)), token_(std::move(token)) {}

  std::string describe() const override { return "gateway admin API at " + admin_.toString(); }

  http::ClientResponse call(const std::string& method, const std::string& path,
                            const std::string& body = {}) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!token_.empty()) {
      headers.emplace_back("Authorization", "Bearer " + token_);
    }
    headers.emplace_back("Content-Type", "application/json");
    http::BlockingHttpClient client(admin_.port, admin_.host);
    return client.request(method, path, body, headers);
  }

  Result<std::vector<dlq::DlqRecord>> list(const dlq::DlqFilter& filter) override {
    // Pages of up to 1000 until the limit (or the end).
    std::vector<dlq::DlqRecord> all;
    dlq::DlqFilter page = filter;
    while (true) {
      size_t want = filter.limit == 0 ? 1000 : std::min<size_t>(1000, filter.limit - all.size());
      page.limit = want;
      http::ClientResponse response = call("GET", "/v1/dlq?" + dlq::filterToQuery(page));
      if (response.status != 200) {
        return apiError(response);
      }
      std::string next;
      Result<std::vector<dlq::DlqRecord>> records = dlq::recordsFromJson(response.body, &next);
      if (!records.ok()) {
        return records.error();
      }
      for (auto& record : *records) {
        all.push_back(std::move(record));
      }
      if (next.empty() || (filter.limit > 0 && all.size() >= filter.limit)) {
        return all;
      }
      page.after_id = next;
    }
  }

  Result<size_t> count(const dlq::DlqFilter& filter) override {
    http::ClientResponse response = call("GET", "/v1/dlq/count?" + dlq::filterToQuery(filter));
    if (response.status != 200) {
      return apiError(response);
    }
    size_t at = response.body.find(':');
    return static_cast<size_t>(std::stoull(response.body.substr(at + 1)));
  }

  Result<std::optional<dlq::DlqRecord>> get(const std::string& id) override {
    http::ClientResponse response = call("GET", "/v1/dlq/" + id);
    if (response.status == 404) {
      return std::optional<dlq::DlqRecord>();
    }
    if (response.status != 200) {
      return apiError(response);
    }
    Result<dlq::DlqRecord> record = dlq::recordFromJson(response.body);
    if (!record.ok()) {
      return record.error();
    }
    return std::optional<dlq::DlqRecord>(std::move(record).value());
  }

  Result<size_t> purge(const dlq::DlqFilter& filter) override {
    std::string query = dlq::filterToQuery(filter);
    if (dlq::filterIsEmpty(filter)) {
      query += query.empty() ? "all=true" : "&all=true";
    }
    http::ClientResponse response = call("DELETE", "/v1/dlq?" + query);
    if (response.status != 200) {
      return apiError(response);
    }
    size_t at = response.body.find(':');
    return static_cast<size_t>(std::stoull(response.body.substr(at + 1)));
  }

  Result<Progress> replay(const dlq::ReplayRequest& request, const ProgressCallback& on_progress,
                          const std::function<bool()>& interrupted) override {
    http::ClientResponse started =
        call("POST", "/v1/dlq/replay", dlq::replayRequestJson(request, false));
    if (started.status != 202) {
      return apiError(started);
    }
    Progress progress = progressFromJson(started.body);
    bool cancelled = false;
    while (progress.state == "running") {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      if (interrupted() && !cancelled) {
        call("DELETE", "/v1/dlq/replay/" + progress.id);
        cancelled = true;
      }
      http::ClientResponse polled = call("GET", "/v1/dlq/replay/" + progress.id);
      if (polled.status != 200) {
        return apiError(polled);
      }
      progress = progressFromJson(polled.body);
      on_progress(progress);
    }
    return progress;
  }

 private:
  config::HostPort admin_;
  std::string token_;
};

// The gateway is stopped: read and write the store directly; replays run through an embedded
// dispatcher (shards and invokers built from the same config, no listeners).
class StoreDlqClient final : public DlqClient {
 public:
  StoreDlqClient(std::shared_ptr<const config::Config> config, std::unique_ptr<dlq::DlqStore> store)
      : config_(std::move(config)), store_(std::move(store)) {}

  std::string describe() const override {
    return "store " + config_->store.data_dir + "/dlq.sqlite (gateway not running)";
  }
  Result<std::vector<dlq::DlqRecord>> list(const dlq::DlqFilter& filter) override {
    return store_->list(filter);
  }
  Result<size_t> count(const dlq::DlqFilter& filter) override { return store_->count(filter); }
  Result<std::optional<dlq::DlqRecord>> get(const std::string& id) override {
    return store_->get(id);
  }
  Result<size_t> purge(const dlq::DlqFilter& filter) override { return store_->purge(filter); }

  Result<Progress> replay(const dlq::ReplayRequest& request, const ProgressCallback& on_progress,
                          const std::function<bool()>& interrupted) override {
    store_.reset();  // the embedded gateway opens its own
    GatewayOptions options;
    options.serve_ingest = false;
    options.serve_admin = false;
    Result<std::unique_ptr<Gateway>> created = Gateway::create(config_, options);
    if (!created.ok()) {
      return created.error();
    }
    Gateway& gateway = **created;
    // Polls the job once every 250 ms on the control loop; freed when its timer closes.
    struct Poll {
      Gateway* gateway;
      dlq::ReplayRequest request;
      std::shared_ptr<dlq::ReplayProgress> job;
      ProgressCallback on_progress;
      std::function<bool()> interrupted;
      Progress* last;
      uv_timer_t timer{};
      bool stopping = false;
    };
    Progress last;
    auto* poll = new Poll{&gateway, request, nullptr, on_progress, interrupted, &last};
    gateway.onReady([poll] {
      poll->job = poll->gateway->dlq()->startReplay(poll->request);
      poll->timer.data = poll;
      uv_timer_init(poll->gateway->controlLoop(), &poll->timer);
      uv_timer_start(
          &poll->timer,
          [](uv_timer_t* timer) {
            auto* state = static_cast<Poll*>(timer->data);
            dlq::ReplayProgress& progress = *state->job;
            if (state->interrupted()) {
              progress.cancel = true;
            }
            *state->last = progressFromJson(progress.toJson());
            state->on_progress(*state->last);
            bool finished = progress.currentState() != dlq::ReplayProgress::State::kRunning;
            // Done when the job ended and every replayed delivery reached its end.
            if (finished && !state->stopping && state->gateway->dispatcher().outstanding() == 0) {
              state->stopping = true;
              state->gateway->stop();
              uv_close(reinterpret_cast<uv_handle_t*>(timer),
                       [](uv_handle_t* handle) { delete static_cast<Poll*>(handle->data); });
            }
          },
          250, 250);
    });
    gateway.run();
    return last;
  }

 private:
  std::shared_ptr<const config::Config> config_;
  std::unique_ptr<dlq::DlqStore> store_;
};

}  // namespace

Result<std::unique_ptr<DlqClient>> connectDlq(std::shared_ptr<const config::Config> config) {
  const config::ServerConfig& server = config->server;
  if (server.admin.port != 0) {
    http::BlockingHttpClient client(server.admin.port, server.admin.host);
    http::ClientResponse health = client.request("GET", "/healthz");
    if (health.status == 200) {
      return std::unique_ptr<DlqClient>(
          std::make_unique<ApiDlqClient>(server.admin, server.admin_token));
    }
  }
  if (config->store.dlq == "none") {
    return makeError(Errc::kInvalidArgument,
                     "this config has no DLQ store (store.dlq: none) and no gateway answers on " +
                         server.admin.toString());
  }
  Result<std::unique_ptr<dlq::DlqStore>> store =
      dlq::openDlqStore(config->store.dlq, config->store.data_dir);
  if (!store.ok()) {
    return store.error();
  }
  return std::unique_ptr<DlqClient>(
      std::make_unique<StoreDlqClient>(std::move(config), std::move(store).value()));
}

}  // namespace switchyard::cli
