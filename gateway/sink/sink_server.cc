#include "gateway/sink/sink_server.h"

#include <signal.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <string>

#include "gateway/core/event.h"
#include "gateway/core/json_writer.h"
#include "gateway/core/log.h"
#include "gateway/core/uv_handle.h"

namespace switchyard {
namespace {

constexpr int64_t kSweepIntervalMs = 1000;

// A delayed answer (--latency): keeps the responder until its timer fires.
struct DelayedAnswer {
  TimerEntry timer;
  http::HttpResponder responder;
  int status;
};

void respondNow(http::HttpResponder& responder, int status) {
  responder.respond(status, "application/json",
                    status < 300 ? R"({"ok":true})" : R"({"ok":false})");
}

void printEvent(const http::HttpRequest& request) {
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

}  // namespace

SinkServer::SinkServer(SinkOptions options)
    : options_(std::move(options)),
      random_(options_.seed),
      accounting_(options_.expect_ids, unixMicrosNow()) {
  sweep_.setCallback(&SinkServer::onSweep, this);
}

SinkServer::~SinkServer() {
  listener_.reset();
  timers_.reset();
}

void SinkServer::handle(const http::HttpRequest& request, http::HttpResponder responder) noexcept {
  if (request.path.starts_with("/_sink/")) {
    control(request, std::move(responder));
    return;
  }
  received_.fetch_add(1, std::memory_order_relaxed);
  int64_t now_us = unixMicrosNow();
  accounting_.onReceived(now_us);
  if (!options_.quiet) {
    printEvent(request);
  }
  // One draw decides between held, failed and answered, so the two rates add up.
  double draw = 0;
  if (options_.timeout_rate > 0 || options_.fail_rate > 0) {
    draw = static_cast<double>(random_.below(1'000'000)) / 1'000'000;
  }
  if (draw < options_.timeout_rate) {
    accounting_.onHeld();
    held_.push_back(std::move(responder));
    return;
  }
  int status = options_.status;
  if (draw < options_.timeout_rate + options_.fail_rate) {
    status = 500;
  }
  if (status >= 200 && status < 300) {
    accounting_.onDelivered(
        delivered_ids_.of(request.header("x-switchyard-event-id"), request.body),
        request.header("x-switchyard-accepted-at"), now_us);
  } else {
    accounting_.onFailedAnswer();
  }
  answer(status, std::move(responder));
}

void SinkServer::control(const http::HttpRequest& request, http::HttpResponder responder) {
  std::string_view action = request.path.substr(7);
  bool post = request.method == "POST";
  if (action == "stats" && request.method == "GET") {
    responder.respond(
        200, "application/json",
        accounting_.statsJson(request.query.find("series=0") == std::string_view::npos));
  } else if (action == "expect" && post) {
    accounting_.expect(request.body);
    responder.respond(200, "application/json", R"({"ok":true})");
  } else if (action == "reconcile" && post) {
    responder.respond(200, "application/json", accounting_.reconcileJson(request.body));
  } else if (action == "reset" && post) {
    releaseHeld();
    accounting_.reset(unixMicrosNow());
    responder.respond(200, "application/json", R"({"ok":true})");
  } else {
    responder.respond(404, "application/json",
                      R"({"error":"not_found","message":"the sink serves GET /_sink/stats, )"
                      R"(POST /_sink/expect, /_sink/reconcile and /_sink/reset"})");
  }
}

void SinkServer::answer(int status, http::HttpResponder responder) {
  if (options_.latency_ms <= 0) {
    respondNow(responder, status);
    return;
  }
  auto* delayed = new DelayedAnswer{{}, std::move(responder), status};
  delayed->timer.setCallback(
      [](void* context) {
        auto* answer = static_cast<DelayedAnswer*>(context);
        respondNow(answer->responder, answer->status);
        delete answer;
      },
      delayed);
  timers_->scheduleAfter(&delayed->timer, options_.latency_ms);
}

void SinkServer::onSweep(void* context) {
  auto* self = static_cast<SinkServer*>(context);
  // Held requests whose caller gave up: their connections can go.
  std::erase_if(self->held_, [](http::HttpResponder& responder) {
    if (responder.connected()) {
      return false;
    }
    responder.abort();
    return true;
  });
  self->timers_->scheduleAfter(&self->sweep_, kSweepIntervalMs);
}

void SinkServer::releaseHeld() {
  for (http::HttpResponder& responder : held_) {
    responder.abort();
  }
  held_.clear();
}

void SinkServer::shutdown() {
  releaseHeld();
  timers_->cancel(&sweep_);
  listener_->close();
  timers_->close();
  uv_stop(loop_.loop());
}

void SinkServer::writeReadyFile(uint16_t port) const {
  if (options_.ready_file.empty()) {
    return;
  }
  // Written aside and renamed, so a reader never sees half a line.
  std::string temporary = options_.ready_file + ".tmp";
  std::ofstream(temporary) << options_.listen.host << ":" << port << "\n";
  std::rename(temporary.c_str(), options_.ready_file.c_str());
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
    listener_->close();
    timers_->close();
    return 1;
  }
  UvHandle<uv_signal_t> signals[2];
  UvHandle<uv_timer_t> watch;
  loop_.runHere([&] {
    const int numbers[2] = {SIGINT, SIGTERM};
    for (int i = 0; i < 2; ++i) {
      uv_signal_init(loop_.loop(), signals[i].get());
      signals[i].markInitialized();
      signals[i].get()->data = this;
      uv_signal_start(
          signals[i].get(),
          [](uv_signal_t* signal, int) { static_cast<SinkServer*>(signal->data)->shutdown(); },
          numbers[i]);
    }
    if (options_.stop_with_pid > 0) {
      uv_timer_init(loop_.loop(), watch.get());
      watch.markInitialized();
      watch.get()->data = this;
      uv_timer_start(
          watch.get(),
          [](uv_timer_t* timer) {
            auto* self = static_cast<SinkServer*>(timer->data);
            if (::kill(self->options_.stop_with_pid, 0) != 0) {
              uv_timer_stop(timer);
              self->shutdown();
            }
          },
          250, 250);
    }
    if (options_.timeout_rate > 0) {
      timers_->scheduleAfter(&sweep_, kSweepIntervalMs);
    }
    log::info("sink", "Sink is listening.",
              {{"listen", options_.listen.host + ":" + std::to_string(*port)},
               {"status", options_.status},
               {"fail_rate", options_.fail_rate},
               {"timeout_rate", options_.timeout_rate},
               {"latency_ms", options_.latency_ms}});
    writeReadyFile(*port);
  });
  log::info("sink", "Sink stopped.",
            {{"received", received()}, {"delivered", accounting_.delivered()}});
  return 0;
}

}  // namespace switchyard
