#include "connectors/aws/store/aws_store_writer.h"

#include <algorithm>
#include <chrono>
#include <span>

#include "connectors/aws/store/sqlite_aws_store.h"
#include "gateway/core/assert.h"

namespace switchyard::aws {
namespace {

// A bound on one transaction, so that acknowledgements of the first changes of a large burst do
// not wait for the whole burst's commit.
constexpr size_t kMaxChangesPerCommit = 4096;
constexpr int64_t kFirstRetryDelayMs = 50;
constexpr int64_t kMaxRetryDelayMs = 5000;
constexpr int kStopAttempts = 3;

int64_t unixMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

// One change on its way to the store thread. Its own inbox node, so the hand-off is one push.
struct AwsStoreWriter::Entry final : dispatcher::InboxNode {
  Entry(AwsStoreWriter* writer_in, uint64_t sequence_in, StoreChange&& change_in)
      : writer(writer_in), sequence(sequence_in), change(std::move(change_in)) {}
  void run() noexcept override { writer->accept(this); }

  AwsStoreWriter* writer;
  uint64_t sequence;
  StoreChange change;
};

AwsStoreWriter::AwsStoreWriter(std::unique_ptr<SqliteAwsStore> store, ProgressListener listener)
    : store_(std::move(store)), listener_(std::move(listener)) {}

AwsStoreWriter::~AwsStoreWriter() { stop(); }

void AwsStoreWriter::start() {
  started_ = true;
  thread_.start([this] {
    flush_timer_ = std::make_unique<UvHandle<uv_timer_t>>();
    SY_ASSERT(uv_timer_init(thread_.loop(), flush_timer_->get()) == 0);
    flush_timer_->markInitialized();
    flush_timer_->get()->data = this;
  });
}

void AwsStoreWriter::stop() {
  if (!started_ || stopped_) {
    return;
  }
  stopped_ = true;
  thread_.stop([this] {
    for (int attempt = 0; attempt < kStopAttempts && !gathered_.empty(); ++attempt) {
      flush();
    }
    if (!gathered_.empty()) {
      log::error("aws-store",
                 "AWS state changes could not be written before exit and are lost; the state "
                 "after a restart is older than what clients last saw.",
                 {{"changes", gathered_.size()}});
    }
    flush_timer_.reset();  // closes the handle
  });
  thread_.join();
}

uint64_t AwsStoreWriter::append(StoreChange&& change) {
  const uint64_t sequence = last_appended_.load(std::memory_order_relaxed) + 1;
  last_appended_.store(sequence, std::memory_order_relaxed);
  thread_.post(new Entry(this, sequence, std::move(change)));
  return sequence;
}

void AwsStoreWriter::accept(Entry* entry) {
  if (gathered_.empty()) {
    gathered_first_ = entry->sequence;
  }
  SY_DEBUG_ASSERT(entry->sequence == gathered_first_ + gathered_.size());
  gathered_.push_back(std::move(entry->change));
  delete entry;
  // After this inbox drain: everything that arrived together goes in one transaction. While
  // retrying, new changes wait for the retry.
  scheduleFlush(retry_delay_ms_);
}

void AwsStoreWriter::scheduleFlush(int64_t delay_ms) {
  if (flush_scheduled_ || flush_timer_ == nullptr) {
    return;
  }
  flush_scheduled_ = true;
  uv_timer_start(
      flush_timer_->get(),
      [](uv_timer_t* timer) {
        auto* self = static_cast<AwsStoreWriter*>(timer->data);
        self->flush_scheduled_ = false;
        if (!self->flush()) {
          self->scheduleFlush(self->retry_delay_ms_);
        }
      },
      static_cast<uint64_t>(delay_ms), 0);
}

bool AwsStoreWriter::flush() {
  size_t done = 0;
  while (done < gathered_.size()) {
    const size_t count = std::min(kMaxChangesPerCommit, gathered_.size() - done);
    const uint64_t through = gathered_first_ + done + count - 1;
    Status written = store_->apply(std::span<const StoreChange>(gathered_).subspan(done, count),
                                   unixMillisNow());
    if (!written.ok()) {
      write_errors_.fetch_add(1, std::memory_order_relaxed);
      retry_delay_ms_ =
          std::min(kMaxRetryDelayMs, std::max(kFirstRetryDelayMs, retry_delay_ms_ * 2));
      uint64_t suppressed = 0;
      if (error_log_limit_.allow(unixMillisNow(), &suppressed)) {
        log::error("aws-store",
                   "Writing AWS state failed; retrying. Requests waiting for it are answered "
                   "ServiceUnavailable meanwhile.",
                   {{"changes", gathered_.size() - done},
                    {"error", written.error().message},
                    {"retry_in_ms", retry_delay_ms_},
                    {"suppressed", suppressed}});
      }
      gathered_.erase(gathered_.begin(), gathered_.begin() + static_cast<ptrdiff_t>(done));
      gathered_first_ += done;
      listener_(Progress{committedThrough(), gathered_first_ + gathered_.size() - 1});
      return false;
    }
    done += count;
    committed_through_.store(through, std::memory_order_release);
    commits_.fetch_add(1, std::memory_order_relaxed);
    listener_(Progress{through, 0});
  }
  if (retry_delay_ms_ > 0) {
    log::info("aws-store", "Writing AWS state works again.",
              {{"committed_through", committedThrough()}, {"write_errors", writeErrors()}});
  }
  retry_delay_ms_ = 0;
  gathered_.clear();
  return true;
}

}  // namespace switchyard::aws
