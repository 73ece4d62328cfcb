#include "gateway/sink/sink_server.h"

#include <signal.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "gateway/core/json_writer.h"
#include "gateway/core/log.h"
#include "gateway/core/random.h"

namespace switchyard {
namespace {

// A delayed answer (--latency): keeps the responder until its timer fires.
struct DelayedAnswer {
  TimerEntry timer;
  http::HttpResponder responder;
  int status;
};

}  // namespace

SinkServer::SinkServer(SinkOptions options)
    : options_(std::move(options)), random_state_(options_.seed) {}

SinkServer::~SinkServer() {
  listener_.reset();
  timers_.reset();
}

void SinkServer::handle(const http::HttpRequest& request, http::HttpResponder responder) noexcept {
  received_.fetch_add(1, std::memory_order_relaxed);
  if (!options_.quiet) {
    std::string line = "event id=";
    line.append(request.header("x-switchyard-event-id"));
    line.append(" attempt=");
    line.append(request.header("x-switchyard-attempt"));
    line.append(" source=");
    line.append(request.header("x-switchyard-source"));
    line.append(" bytes=");
    line.append(std::to_string(request.body.size()));
    line.append(" body=");
    json::appendString(line, request.body.substr(0, 300));
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
  }
  answer(request, std::move(responder));
}

void SinkServer::answer(const http::HttpRequest& /*request*/, http::HttpResponder responder) {
  int status = options_.status;
  if (options_.fail_rate > 0) {
    Random random(random_state_++);
    if (static_cast<double>(random.below(1'000'000)) < options_.fail_rate * 1'000'000) {
      status = 500;
    }
  }
  if (options_.latency_ms <= 0) {
    responder.respond(status, "application/json",
                      status < 300 ? R"({"ok":true})" : R"({"ok":false})");
    return;
  }
  auto* delayed = new DelayedAnswer{{}, std::move(responder), status};
  delayed->timer.setCallback(
      [](void* context) {
        auto* answer = static_cast<DelayedAnswer*>(context);
        answer->responder.respond(answer->status, "application/json",
                                  answer->status < 300 ? R"({"ok":true})" : R"({"ok":false})");
        delete answer;
      },
      delayed);
  timers_->scheduleAfter(&delayed->timer, options_.latency_ms);
}

int SinkServer::run() {
  timers_ = std::make_unique<LoopTimers>(loop_.loop());
  http::HttpServerOptions server_options;
  server_options.name = "sink";
  listener_ =
      std::make_unique<http::HttpListener>(loop_.loop(), timers_.get(), server_options, this);
  Result<uint16_t> port = listener_->listen(options_.listen.host, options_.listen.port, false);
  if (!port.ok()) {
    log::error("sink", "Cannot listen.", {{"error", port.error().message}});
    return 1;
  }
  uv_signal_t* signals[2] = {new uv_signal_t{}, new uv_signal_t{}};
  int numbers[2] = {SIGINT, SIGTERM};
  uv_timer_t* watch = nullptr;
  loop_.runHere([&] {
    if (options_.stop_with_pid > 0) {
      watch = new uv_timer_t{};
      uv_timer_init(loop_.loop(), watch);
      watch->data = this;
      uv_timer_start(
          watch,
          [](uv_timer_t* timer) {
            auto* self = static_cast<SinkServer*>(timer->data);
            if (::kill(self->options_.stop_with_pid, 0) != 0) {
              self->listener_->close();
              self->timers_->close();
              uv_stop(timer->loop);
            }
          },
          250, 250);
    }
    for (int i = 0; i < 2; ++i) {
      uv_signal_init(loop_.loop(), signals[i]);
      signals[i]->data = this;
      uv_signal_start(
          signals[i],
          [](uv_signal_t* signal, int) {
            auto* self = static_cast<SinkServer*>(signal->data);
            self->listener_->close();
            self->timers_->close();
            uv_stop(signal->loop);
          },
          numbers[i]);
    }
    log::info("sink", "Sink is listening.",
              {{"listen", options_.listen.host + ":" + std::to_string(*port)},
               {"status", options_.status},
               {"fail_rate", options_.fail_rate},
               {"latency_ms", options_.latency_ms}});
  });
  for (uv_signal_t* signal : signals) {
    uv_close(reinterpret_cast<uv_handle_t*>(signal),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_signal_t*>(handle); });
  }
  if (watch != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(watch),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_timer_t*>(handle); });
  }
  log::info("sink", "Sink stopped.", {{"received", received()}});
  return 0;
}

}  // namespace switchyard
