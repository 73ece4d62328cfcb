#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "gateway/core/loop_timers.h"
#include "gateway/core/uv_handle.h"

namespace switchyard::dispatcher {

// One managed Lambda runtime process (`kind: runtime-api` with a `command`): started with the
// Lambda environment, its stdout/stderr captured into Switchyard's log (tagged with the request it
// is working on), restarted with backoff when it exits, killed when an invocation times out.
//
// The process runs in its own process group, so a kill reaches what it started too (a bootstrap
// script's curl), and only by its PID.
//
// NOTE: thread-confined to the function's home shard loop.
class RuntimeProcess {
 public:
  struct Options {
    std::string function;
    int instance = 0;
    std::vector<std::string> command;
    std::string workdir;                             // absolute
    std::map<std::string, std::string> environment;  // complete: Lambda's variables and the user's
  };
  // Called after each exit (before any restart): exit status, or the terminating signal.
  using ExitCallback = std::function<void(int instance, int64_t status, int signal)>;

  RuntimeProcess(uv_loop_t* loop, LoopTimers* timers, Options options, ExitCallback on_exit);
  ~RuntimeProcess();
  RuntimeProcess(const RuntimeProcess&) = delete;
  RuntimeProcess& operator=(const RuntimeProcess&) = delete;

  void start();
  // Ends the current process now (an invocation timed out); it is restarted.
  void kill();
  // Ends it for good: SIGTERM to its group now; forceStop() later sends SIGKILL.
  void stop();
  void forceStop();

  // Log lines are tagged with this request id until it changes.
  void setRequestId(std::string request_id) { request_id_ = std::move(request_id); }
  bool running() const { return running_; }
  int pid() const { return pid_; }
  uint64_t starts() const { return starts_; }

 private:
  struct Pipe;
  static void onExit(uv_process_t* process, int64_t status, int signal);
  static void onRestartTimer(void* context);
  void handleExit(int64_t status, int signal);
  void forgetPipe(Pipe* pipe);
  void release();
  void spawn();
  void logOutput(std::string_view stream, std::string_view line);

  uv_loop_t* loop_;
  LoopTimers* timers_;
  Options options_;
  ExitCallback on_exit_;
  uv_process_t* process_ = nullptr;
  Pipe* stdout_ = nullptr;
  Pipe* stderr_ = nullptr;
  TimerEntry restart_timer_;
  int pid_ = 0;
  bool running_ = false;
  bool stopping_ = false;
  int64_t started_at_ms_ = 0;
  int64_t backoff_ms_ = 0;
  uint64_t starts_ = 0;
  std::string request_id_;
};

}  // namespace switchyard::dispatcher
