#include "dispatcher/invokers/runtime_api/runtime_process.h"

#include <signal.h>

#include <algorithm>
#include <cstring>

#include "gateway/core/log.h"

namespace switchyard::dispatcher {
namespace {

constexpr int64_t kFirstBackoffMs = 100;
constexpr int64_t kMaxBackoffMs = 10'000;
constexpr int64_t kHealthyAfterMs = 10'000;  // a run this long resets the backoff
constexpr size_t kMaxLine = 16 * 1024;

}  // namespace

// A child's stdout or stderr: read into lines, each logged with the request id.
struct RuntimeProcess::Pipe {
  uv_pipe_t handle{};
  RuntimeProcess* owner = nullptr;  // nullptr once the process object is gone
  const char* stream = "";
  std::string partial;
  char buffer[4096];
};

RuntimeProcess::RuntimeProcess(uv_loop_t* loop, LoopTimers* timers, Options options,
                               ExitCallback on_exit)
    : loop_(loop),
      timers_(timers),
      options_(std::move(options)),
      on_exit_(std::move(on_exit)),
      restart_timer_(&RuntimeProcess::onRestartTimer, this) {}

RuntimeProcess::~RuntimeProcess() {
  timers_->cancel(&restart_timer_);
  forceStop();
  release();
}

void RuntimeProcess::start() {
  stopping_ = false;
  spawn();
}

void RuntimeProcess::spawn() {
  std::vector<char*> argv;
  for (std::string& argument : options_.command) {
    argv.push_back(argument.data());
  }
  argv.push_back(nullptr);
  std::vector<std::string> environment;
  for (const auto& [key, value] : options_.environment) {
    environment.push_back(key + "=" + value);
  }
  std::vector<char*> envp;
  for (std::string& entry : environment) {
    envp.push_back(entry.data());
  }
  envp.push_back(nullptr);

  auto makePipe = [this](const char* stream) {
    auto* pipe = new Pipe;
    pipe->owner = this;
    pipe->stream = stream;
    uv_pipe_init(loop_, &pipe->handle, 0);
    pipe->handle.data = pipe;
    return pipe;
  };
  stdout_ = makePipe("stdout");
  stderr_ = makePipe("stderr");
  uv_stdio_container_t stdio[3];
  stdio[0].flags = UV_IGNORE;
  stdio[1].flags = static_cast<uv_stdio_flags>(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
  stdio[1].data.stream = reinterpret_cast<uv_stream_t*>(&stdout_->handle);
  stdio[2].flags = static_cast<uv_stdio_flags>(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
  stdio[2].data.stream = reinterpret_cast<uv_stream_t*>(&stderr_->handle);

  uv_process_options_t options{};
  options.file = argv[0];
  options.args = argv.data();
  options.env = envp.data();
  options.cwd = options_.workdir.empty() ? nullptr : options_.workdir.c_str();
  options.exit_cb = &RuntimeProcess::onExit;
  options.stdio_count = 3;
  options.stdio = stdio;
  options.flags = UV_PROCESS_DETACHED;  // its own process group: kill(-pid) reaches its children

  process_ = new uv_process_t{};
  process_->data = this;
  int rc = uv_spawn(loop_, process_, &options);
  ++starts_;
  started_at_ms_ = timers_->now();
  auto closePipe = [](Pipe*& pipe) {
    uv_close(reinterpret_cast<uv_handle_t*>(&pipe->handle),
             [](uv_handle_t* handle) { delete static_cast<Pipe*>(handle->data); });
    pipe = nullptr;
  };
  if (rc != 0) {
    log::error("runtime", "Cannot start the function's runtime; retrying with backoff.",
               {{"function", options_.function},
                {"instance", options_.instance},
                {"command", options_.command.empty() ? std::string() : options_.command[0]},
                {"error", uv_strerror(rc)}});
    uv_close(reinterpret_cast<uv_handle_t*>(process_),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_process_t*>(handle); });
    process_ = nullptr;
    closePipe(stdout_);
    closePipe(stderr_);
    handleExit(127, 0);  // schedules the retry
    return;
  }
  pid_ = process_->pid;
  running_ = true;
  log::info("runtime", "Runtime started.",
            {{"function", options_.function}, {"instance", options_.instance}, {"pid", pid_}});
  for (Pipe* pipe : {stdout_, stderr_}) {
    uv_read_start(
        reinterpret_cast<uv_stream_t*>(&pipe->handle),
        [](uv_handle_t* handle, size_t, uv_buf_t* buf) {
          auto* self = static_cast<Pipe*>(handle->data);
          buf->base = self->buffer;
          buf->len = sizeof(self->buffer);
        },
        [](uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
          auto* self = static_cast<Pipe*>(stream->data);
          if (nread < 0) {
            if (self->owner != nullptr) {
              if (!self->partial.empty()) {
                self->owner->logOutput(self->stream, self->partial);
              }
              self->owner->forgetPipe(self);
            }
            uv_close(reinterpret_cast<uv_handle_t*>(stream),
                     [](uv_handle_t* handle) { delete static_cast<Pipe*>(handle->data); });
            return;
          }
          self->partial.append(buf->base, static_cast<size_t>(nread));
          size_t start = 0;
          for (size_t newline; (newline = self->partial.find('\n', start)) != std::string::npos;
               start = newline + 1) {
            if (self->owner != nullptr) {
              self->owner->logOutput(
                  self->stream, std::string_view(self->partial).substr(start, newline - start));
            }
          }
          self->partial.erase(0, start);
          if (self->partial.size() > kMaxLine) {  // a line without end: log it in pieces
            if (self->owner != nullptr) {
              self->owner->logOutput(self->stream, self->partial);
            }
            self->partial.clear();
          }
        });
  }
}

void RuntimeProcess::forgetPipe(Pipe* pipe) {
  if (stdout_ == pipe) {
    stdout_ = nullptr;
  }
  if (stderr_ == pipe) {
    stderr_ = nullptr;
  }
}

// Stop watching the process: its pipes and handle are closed now (the loop may end before the
// child does); forceStop() makes sure it is gone.
void RuntimeProcess::release() {
  for (Pipe** pipe : {&stdout_, &stderr_}) {
    if (*pipe != nullptr) {
      (*pipe)->owner = nullptr;
      uv_close(reinterpret_cast<uv_handle_t*>(&(*pipe)->handle),
               [](uv_handle_t* handle) { delete static_cast<Pipe*>(handle->data); });
      *pipe = nullptr;
    }
  }
  if (process_ != nullptr) {
    process_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(process_),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_process_t*>(handle); });
    process_ = nullptr;
  }
}

void RuntimeProcess::logOutput(std::string_view stream, std::string_view line) {
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  if (request_id_.empty()) {  // output outside an invocation (start-up, init errors)
    log::info(
        "function", line,
        {{"function", options_.function}, {"instance", options_.instance}, {"stream", stream}});
    return;
  }
  log::info("function", line,
            {{"function", options_.function},
             {"instance", options_.instance},
             {"request_id", request_id_},
             {"stream", stream}});
}

void RuntimeProcess::onExit(uv_process_t* process, int64_t status, int signal) {
  auto* self = static_cast<RuntimeProcess*>(process->data);
  uv_close(reinterpret_cast<uv_handle_t*>(process),
           [](uv_handle_t* handle) { delete reinterpret_cast<uv_process_t*>(handle); });
  if (self != nullptr) {  // nullptr: the owner is gone
    self->process_ = nullptr;
    self->handleExit(status, signal);
  }
}

void RuntimeProcess::handleExit(int64_t status, int signal) {
  running_ = false;
  request_id_.clear();
  if (on_exit_) {
    on_exit_(options_.instance, status, signal);
  }
  if (stopping_) {
    return;
  }
  int64_t ran_ms = timers_->now() - started_at_ms_;
  backoff_ms_ = ran_ms >= kHealthyAfterMs
                    ? kFirstBackoffMs
                    : std::min(kMaxBackoffMs, std::max(kFirstBackoffMs, backoff_ms_ * 2));
  log::warn("runtime", "Runtime exited; restarting it.",
            {{"function", options_.function},
             {"instance", options_.instance},
             {"exit_status", status},
             {"signal", signal},
             {"restart_in_ms", backoff_ms_}});
  timers_->scheduleAfter(&restart_timer_, backoff_ms_);
}

void RuntimeProcess::onRestartTimer(void* context) {
  auto* self = static_cast<RuntimeProcess*>(context);
  if (!self->stopping_) {
    self->spawn();
  }
}

void RuntimeProcess::kill() {
  if (running_ && pid_ > 0) {
    ::kill(-pid_, SIGKILL);
  }
}

void RuntimeProcess::stop() {
  stopping_ = true;
  timers_->cancel(&restart_timer_);
  if (running_ && pid_ > 0) {
    ::kill(-pid_, SIGTERM);
  }
  release();
}

void RuntimeProcess::forceStop() {
  stopping_ = true;
  if (running_ && pid_ > 0) {
    ::kill(-pid_, SIGKILL);
  }
}

}  // namespace switchyard::dispatcher
