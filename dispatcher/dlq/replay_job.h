#pragma once

#include <uv.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "dispatcher/dlq/dlq_record.h"
#include "dispatcher/dlq/dlq_store.h"

namespace switchyard::dispatcher {
class Dispatcher;
}

namespace switchyard::dlq {

struct ReplayRequest {
  DlqFilter filter;            // which records (include_replayed is set from `force`)
  std::string to_function;     // redirect every record here (empty: each record's own function)
  double rate_per_second = 0;  // 0: as fast as the functions' queues take them
  bool force = false;          // also records that were replayed before
};

// Progress of one replay job, written by the DLQ thread, readable from any thread.
struct ReplayProgress {
  enum class State : int { kRunning, kDone, kCancelled, kFailed };

  std::string id;
  int64_t started_us = 0;
  std::atomic<int> state{static_cast<int>(State::kRunning)};
  std::atomic<uint64_t> total{0};
  std::atomic<uint64_t> submitted{0};  // handed to the dispatcher and marked replayed
  std::atomic<uint64_t> skipped{0};    // could not be replayed (e.g. the function is gone)
  std::atomic<bool> cancel{false};
  std::atomic<int64_t> finished_us{0};

  State currentState() const { return static_cast<State>(state.load()); }
  std::string error() const;
  void setError(std::string message);
  // {"id","state","total","submitted","skipped","rate","eta_seconds","error"}
  std::string toJson() const;

 private:
  mutable std::mutex error_mutex_;
  std::string error_;
};

std::string_view replayStateName(ReplayProgress::State state);

// A replay in progress on the DLQ thread: pages through the matching records (oldest first),
// rebuilds each original event (same event id, payload byte for byte), submits it through the
// normal dispatcher (so retries and destinations apply), paced by a token bucket at
// `rate_per_second`, and marks each page replayed right after it was submitted. A full function
// queue pauses the job instead of dropping anything. Cancelling stops between records; a later
// run without `force` skips what was already replayed, so an interrupted replay resumes without
// replaying twice.
//
// NOTE: DLQ thread only (it owns the store); `progress` is the cross-thread view.
class ReplayJob {
 public:
  ReplayJob(ReplayRequest request, DlqStore* store, dispatcher::Dispatcher* dispatcher,
            uv_loop_t* loop, std::shared_ptr<ReplayProgress> progress);
  ~ReplayJob();
  void start();
  const std::shared_ptr<ReplayProgress>& progress() const { return progress_; }
  bool finished() const { return progress_->currentState() != ReplayProgress::State::kRunning; }

 private:
  static void onTick(uv_timer_t* timer);
  void tick();
  void finish(ReplayProgress::State state);

  ReplayRequest request_;
  DlqStore* store_;
  dispatcher::Dispatcher* dispatcher_;
  uv_loop_t* loop_;
  std::shared_ptr<ReplayProgress> progress_;
  uv_timer_t* timer_ = nullptr;
  std::string cursor_;           // last record id handled
  std::vector<DlqRecord> page_;  // fetched, not yet submitted
  size_t page_position_ = 0;
  bool exhausted_ = false;  // the store has no more matching records
  double tokens_ = 0;
  int64_t last_tick_us_ = 0;
};

}  // namespace switchyard::dlq
