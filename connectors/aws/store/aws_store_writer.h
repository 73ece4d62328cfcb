#pragma once

#include <uv.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "connectors/aws/store/aws_store_change.h"
#include "gateway/core/log.h"
#include "gateway/core/loop_thread.h"
#include "gateway/core/uv_handle.h"

namespace switchyard::aws {

class SqliteAwsStore;

// Writes the AWS services' state changes to the store on a thread of its own ("aws-store"), so
// the hub thread never waits for SQLite. The hub appends each change: one push onto the store
// thread's lock-free inbox, no lock, no I/O. The store thread gathers whatever arrived together
// and commits it in one transaction (group commit: while one commit waits for its fsync, the next
// batch gathers in the inbox), then reports how far it got.
//
// Sequence numbers: append() numbers the changes 1, 2, 3, ... A Progress report says "every
// change up to committed_through is committed" and, after a failed attempt, "the changes up to
// failed_through are not" (0 after a success). A failed batch is kept and retried with backoff
// (50 ms, doubling, at most 5 s) together with what arrives meanwhile: the store never skips a
// change, so its tables stay a replay of the engines' history.
//
// NOTE: append() and lastAppended() from one thread, the producer (the hub); start() and stop()
// from the controlling thread; the counters from any thread. The listener runs on the store
// thread.
class AwsStoreWriter {
 public:
  struct Progress {
    uint64_t committed_through = 0;
    uint64_t failed_through = 0;
  };
  using ProgressListener = std::function<void(Progress)>;

  AwsStoreWriter(std::unique_ptr<SqliteAwsStore> store, ProgressListener listener);
  ~AwsStoreWriter();
  AwsStoreWriter(const AwsStoreWriter&) = delete;
  AwsStoreWriter& operator=(const AwsStoreWriter&) = delete;

  void start();
  // Commits what is still pending (three attempts), then stops the thread. The producer must
  // have stopped appending.
  void stop();

  // Producer thread. Returns the change's sequence number.
  uint64_t append(StoreChange&& change);
  uint64_t lastAppended() const { return last_appended_.load(std::memory_order_relaxed); }

  // Any thread.
  uint64_t committedThrough() const { return committed_through_.load(std::memory_order_acquire); }
  uint64_t commits() const { return commits_.load(std::memory_order_relaxed); }
  uint64_t writeErrors() const { return write_errors_.load(std::memory_order_relaxed); }
  // The committed count first: it never passes what was appended before it was read.
  uint64_t pendingChanges() const {
    const uint64_t committed = committedThrough();
    return lastAppended() - committed;
  }

 private:
  struct Entry;
  void accept(Entry* entry);  // store thread, for each change as it arrives
  void scheduleFlush(int64_t delay_ms);
  // Commits the gathered changes, at most kMaxChangesPerCommit per transaction; false if a
  // commit failed (the rest stays gathered).
  bool flush();

  std::unique_ptr<SqliteAwsStore> store_;
  ProgressListener listener_;
  LoopThread thread_{"aws-store"};
  bool started_ = false;
  bool stopped_ = false;
  std::atomic<uint64_t> last_appended_{0};  // written by the producer only

  // Store thread.
  std::unique_ptr<UvHandle<uv_timer_t>> flush_timer_;
  bool flush_scheduled_ = false;
  std::vector<StoreChange> gathered_;
  uint64_t gathered_first_ = 0;  // the sequence number of gathered_[0]
  int64_t retry_delay_ms_ = 0;
  log::RateLimit error_log_limit_{10'000};

  std::atomic<uint64_t> committed_through_{0};
  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> write_errors_{0};
};

}  // namespace switchyard::aws
