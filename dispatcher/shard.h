#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gateway/core/loop_thread.h"
#include "gateway/core/loop_timers.h"

namespace switchyard::dispatcher {

class FunctionRuntime;

// One worker thread: a uv loop, its timing wheel, and the functions homed on it (their queues,
// concurrency counters, connection pools and retry timers). Connections accepted by this shard's
// listener are served here too. Nothing in a shard is touched by another thread; work arrives
// through the loop's inbox.
//
// NOTE: build (add functions) on the controlling thread before start().
class Shard {
 public:
  explicit Shard(int index);
  ~Shard();
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;

  int index() const { return index_; }
  LoopThread& thread() { return thread_; }
  uv_loop_t* loop() { return thread_.loop(); }
  LoopTimers& timers() { return *timers_; }
  bool isCurrentThread() const { return thread_.isCurrentThread(); }
  void post(InboxNode* node) noexcept { thread_.post(node); }

  void addFunction(std::unique_ptr<FunctionRuntime> function);
  const std::vector<std::unique_ptr<FunctionRuntime>>& functions() const { return functions_; }

  // Starts the thread; `on_start` runs on it first.
  void start(std::function<void()> on_start);
  // Closes the functions' invokers and timers, runs `on_stop` (close listeners there), stops.
  void stop(std::function<void()> on_stop);
  void join() { thread_.join(); }

 private:
  int index_;
  LoopThread thread_;
  std::unique_ptr<LoopTimers> timers_;
  std::vector<std::unique_ptr<FunctionRuntime>> functions_;
};

}  // namespace switchyard::dispatcher
