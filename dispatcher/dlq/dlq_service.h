#pragma once

#include <uv.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dispatcher/dead_letter.h"
#include "dispatcher/dlq/dlq_store.h"
#include "dispatcher/dlq/replay_job.h"
#include "gateway/core/loop_thread.h"

namespace switchyard::dispatcher {
class Dispatcher;
}

namespace switchyard::dlq {

// The gateway's dead-letter queue: a thread of its own that owns the store (SQLite writes and
// reads never run on a shard or the control loop), batches records from every shard into one
// transaction, and only then hands each delivery back to its home shard as dead-lettered. It also
// runs replay jobs and answers the admin API's DLQ queries.
//
// NOTE: deadLetter() and post() are safe from any thread; everything else runs on the DLQ thread.
class DlqService final : public dispatcher::DeadLetterSink {
 public:
  explicit DlqService(std::unique_ptr<DlqStore> store);
  ~DlqService() override;

  void attach(dispatcher::Dispatcher* dispatcher) { dispatcher_ = dispatcher; }
  void start();
  // Writes what is still pending (retrying briefly), then stops the thread.
  void stop();

  void deadLetter(dispatcher::Delivery* delivery, dispatcher::DeadLetterReason reason,
                  const dispatcher::InvocationResult& last) noexcept override;

  // Runs `task` on the DLQ thread with the store.
  void post(std::function<void(DlqStore& store)> task);

  // Starts a replay job on the DLQ thread; progress is readable from any thread.
  std::shared_ptr<ReplayProgress> startReplay(ReplayRequest request);
  std::shared_ptr<ReplayProgress> findReplay(const std::string& id);

  uint64_t committed() const { return committed_.load(std::memory_order_relaxed); }
  uint64_t writeErrors() const { return write_errors_.load(std::memory_order_relaxed); }
  uint64_t pending() const { return pending_count_.load(std::memory_order_relaxed); }

 private:
  struct Write;
  void enqueue(Write* write);
  void flush();

  std::unique_ptr<DlqStore> store_;
  dispatcher::Dispatcher* dispatcher_ = nullptr;
  LoopThread thread_{"dlq"};
  std::atomic<bool> started_{false};
  std::atomic<bool> stopped_{false};
  uv_timer_t* flush_timer_ = nullptr;
  std::vector<Write*> pending_;  // DLQ thread only
  bool flush_scheduled_ = false;
  int64_t retry_delay_ms_ = 0;
  std::atomic<uint64_t> committed_{0};
  std::atomic<uint64_t> write_errors_{0};
  std::atomic<uint64_t> pending_count_{0};
  std::vector<std::unique_ptr<ReplayJob>> jobs_;  // DLQ thread only
  std::mutex progress_mutex_;  // guards recent_ (the admin thread looks jobs up; cold path)
  std::vector<std::shared_ptr<ReplayProgress>> recent_;
};

// Builds the record for a delivery that ends in the DLQ (home shard).
DlqRecord recordFor(const dispatcher::Delivery& delivery, std::string_view function,
                    dispatcher::DeadLetterReason reason);

}  // namespace switchyard::dlq
