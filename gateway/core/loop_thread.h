#pragma once

#include <uv.h>

#include <functional>
#include <string>
#include <thread>

#include "dispatcher/inbox.h"

namespace switchyard {

// A thread that runs one uv_loop and owns everything registered on it. Other threads hand it
// work only through post(): the item goes on the lock-free inbox and a coalesced uv_async wakes
// the loop, which drains the inbox completely (wake-ups merge, so it must).
//
// NOTE: construct, start() and stop()/join() from one controlling thread. post() is safe from
// any thread, including the loop's own, until join() returns.
class LoopThread {
 public:
  explicit LoopThread(std::string name);
  virtual ~LoopThread();
  LoopThread(const LoopThread&) = delete;
  LoopThread& operator=(const LoopThread&) = delete;

  // Starts the thread; `on_start` runs first on the loop thread (register handles there).
  void start(std::function<void()> on_start = {});
  // Asks the loop to finish: `on_stop` runs on the loop thread and must close every handle it
  // owns; then the loop stops. Items posted afterwards are freed unrun by the destructor.
  void stop(std::function<void()> on_stop = {});
  void join();

  // Items posted by one thread run in the order posted. Items posted by different threads have
  // no order between them, even when one post happens-before the other; only stop() waits for
  // everything posted before it.
  void post(dispatcher::InboxNode* node) noexcept;
  // Control-plane convenience: allocates a task node. Not for the per-event path.
  void post(std::function<void()> task);

  // After the loop stopped: frees items still queued, unrun. Shutdown calls it for every loop
  // before destroying any, since a freed item may refer to another loop's objects.
  void discardPending() noexcept;

  uv_loop_t* loop() { return &loop_; }
  const std::string& name() const { return name_; }
  bool isCurrentThread() const { return std::this_thread::get_id() == thread_id_; }
  // The LoopThread running on the calling thread, or nullptr.
  static LoopThread* current();

  // Runs the loop on the calling thread instead of a new one (the control thread is main).
  void runHere(std::function<void()> on_start = {});

 private:
  static void onAsync(uv_async_t* handle);
  void drain() noexcept;
  void run(std::function<void()> on_start);

  std::string name_;
  uv_loop_t loop_{};
  uv_async_t wake_{};
  dispatcher::Inbox inbox_;
  dispatcher::WakeFlag wake_flag_;
  std::thread thread_;
  std::thread::id thread_id_;
};

}  // namespace switchyard
