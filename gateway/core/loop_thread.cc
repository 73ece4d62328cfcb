#include "gateway/core/loop_thread.h"

#include <pthread.h>

#include <utility>

#include "gateway/core/assert.h"
#include "gateway/core/log.h"

namespace switchyard {
namespace {

struct TaskNode final : dispatcher::InboxNode {
  explicit TaskNode(std::function<void()> task_in) : task(std::move(task_in)) {}
  void run() noexcept override {
    task();
    delete this;
  }
  std::function<void()> task;
};

thread_local LoopThread* t_current = nullptr;

}  // namespace

LoopThread* LoopThread::current() { return t_current; }

LoopThread::LoopThread(std::string name) : name_(std::move(name)) {
  SY_ASSERT(uv_loop_init(&loop_) == 0);
  SY_ASSERT(uv_async_init(&loop_, &wake_, &LoopThread::onAsync) == 0);
  wake_.data = this;
}

LoopThread::~LoopThread() {
  join();
  discardPending();
  uv_close(reinterpret_cast<uv_handle_t*>(&wake_), nullptr);
  // Owners close their handles in on_stop; anything still open is a leak worth a line.
  int leaked = 0;
  uv_walk(
      &loop_,
      [](uv_handle_t* handle, void* count) {
        if (uv_is_closing(handle) == 0) {
          ++*static_cast<int*>(count);
          uv_close(handle, nullptr);
        }
      },
      &leaked);
  uv_run(&loop_, UV_RUN_DEFAULT);
  if (leaked > 0 || uv_loop_close(&loop_) != 0) {
    log::warn("loop", "Loop ended with handles still open.",
              {{"loop", name_}, {"handles", leaked}});
  }
}

void LoopThread::start(std::function<void()> on_start) {
  thread_ = std::thread([this, on_start = std::move(on_start)]() mutable {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    run(std::move(on_start));
  });
}

void LoopThread::runHere(std::function<void()> on_start) { run(std::move(on_start)); }

void LoopThread::run(std::function<void()> on_start) {
  thread_id_ = std::this_thread::get_id();
  t_current = this;
  if (on_start) {
    on_start();
  }
  uv_run(&loop_, UV_RUN_DEFAULT);
  t_current = nullptr;
}

void LoopThread::stop(std::function<void()> on_stop) {
  post([this, on_stop = std::move(on_stop)] {
    // The inbox keeps order per posting thread only, so items other threads posted before this
    // stop() may still wait in their lanes. Having popped this task, the loop sees all of them
    // (their pushes happen-before this one): run them before on_stop.
    drain();
    if (on_stop) {
      on_stop();
    }
    // The wake handle stays open until the destructor: other threads may still post (their
    // items are freed there), and uv_async_send on a closed handle would abort.
    uv_stop(&loop_);
  });
}

void LoopThread::join() {
  if (thread_.joinable()) {
    thread_.join();
  }
}

void LoopThread::discardPending() noexcept {
  while (dispatcher::InboxNode* node = inbox_.pop()) {
    delete node;
  }
}

void LoopThread::post(dispatcher::InboxNode* node) noexcept {
  inbox_.push(node);
  if (wake_flag_.raise()) {
    uv_async_send(&wake_);
  }
}

void LoopThread::post(std::function<void()> task) { post(new TaskNode(std::move(task))); }

void LoopThread::onAsync(uv_async_t* handle) { static_cast<LoopThread*>(handle->data)->drain(); }

void LoopThread::drain() noexcept {
  wake_flag_.clear();
  while (dispatcher::InboxNode* node = inbox_.pop()) {
    node->run();
  }
}

}  // namespace switchyard
