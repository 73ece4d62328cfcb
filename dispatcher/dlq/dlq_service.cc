#include "dispatcher/dlq/dlq_service.h"

#include <algorithm>

#include "dispatcher/function_runtime.h"
#include "dispatcher/outcome.h"
#include "gateway/core/assert.h"
#include "gateway/core/log.h"

namespace switchyard::dlq {
namespace {

constexpr int64_t kMaxRetryDelayMs = 5000;

}  // namespace

// A record on its way to the store, with the delivery that waits for it to be committed. Its own
// inbox node, so handing it to the DLQ thread allocates nothing more.
struct DlqService::Write final : dispatcher::InboxNode {
  Write(DlqService* service_in, DlqRecord record_in, dispatcher::Delivery* delivery_in)
      : service(service_in), record(std::move(record_in)), delivery(delivery_in) {}
  ~Write() override = default;
  void run() noexcept override { service->enqueue(this); }

  DlqService* service;
  DlqRecord record;
  dispatcher::Delivery* delivery;
};

DlqRecord recordFor(const dispatcher::Delivery& delivery, std::string_view function,
                    dispatcher::DeadLetterReason reason) {
  const Event& event = *delivery.event;
  DlqRecord record;
  record.id = EventId::generate(unixMicrosNow() / 1000).toString();
  record.event_id = std::string(event.idText());
  record.event_kind = std::string(eventKindName(event.kind()));
  record.event_time_us = event.timeMicros();
  record.source = std::string(event.source());
  record.content_type = std::string(event.contentType());
  record.traceparent = std::string(event.traceparent());
  record.partition_key = std::string(event.partitionKey());
  record.hops = event.hops();
  for (size_t i = 0; i < event.attributeCount(); ++i) {
    auto [key, value] = event.attribute(i);
    record.attributes.emplace_back(key, value);
  }
  record.payload = std::string(event.payload());
  bool from_trigger = event.kind() != EventKind::kInvoke && event.kind() != EventKind::kDestination;
  record.trigger = from_trigger ? std::string(event.source()) : std::string();
  record.function = std::string(function);
  record.format = std::string(eventFormatName(delivery.format));
  record.reason = std::string(dispatcher::deadLetterReasonName(reason));
  record.dead_lettered_us = unixMicrosNow();
  record.attempts = delivery.history;
  return record;
}

DlqService::DlqService(std::unique_ptr<DlqStore> store) : store_(std::move(store)) {}

DlqService::~DlqService() { stop(); }

void DlqService::start() {
  started_ = true;
  thread_.start([this] {
    flush_timer_ = new uv_timer_t{};
    uv_timer_init(thread_.loop(), flush_timer_);
    flush_timer_->data = this;
  });
}

void DlqService::stop() {
  if (!started_ || stopped_.exchange(true)) {
    thread_.join();
    return;
  }
  thread_.stop([this] {
    // Last chance to make what is pending durable: a few attempts, then report what is left.
    for (int attempt = 0; attempt < 3 && !pending_.empty(); ++attempt) {
      flush();
    }
    if (!pending_.empty()) {
      log::error("dlq", "Dead-letter records could not be written before exit and are lost.",
                 {{"records", pending_.size()}});
      for (Write* write : pending_) {
        delete write;
      }
      pending_.clear();
    }
    for (auto& job : jobs_) {
      job->progress()->cancel = true;
    }
    jobs_.clear();
    uv_close(reinterpret_cast<uv_handle_t*>(flush_timer_),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_timer_t*>(handle); });
    flush_timer_ = nullptr;
  });
  thread_.join();
}

void DlqService::deadLetter(dispatcher::Delivery* delivery, dispatcher::DeadLetterReason reason,
                            const dispatcher::InvocationResult& /*last*/) noexcept {
  pending_count_.fetch_add(1, std::memory_order_relaxed);
  auto* write = new Write(
      this, recordFor(*delivery, delivery->function->spec().config.name, reason), delivery);
  thread_.post(write);
}

void DlqService::post(std::function<void(DlqStore& store)> task) {
  thread_.post([this, task = std::move(task)] { task(*store_); });
}

void DlqService::enqueue(Write* write) {
  pending_.push_back(write);
  if (!flush_scheduled_ && flush_timer_ != nullptr) {
    // Flush after this inbox drain: every record that arrived together goes in one transaction.
    flush_scheduled_ = true;
    uv_timer_start(
        flush_timer_,
        [](uv_timer_t* timer) {
          auto* self = static_cast<DlqService*>(timer->data);
          self->flush_scheduled_ = false;
          self->flush();
        },
        static_cast<uint64_t>(retry_delay_ms_), 0);
  }
}

void DlqService::flush() {
  if (pending_.empty()) {
    return;
  }
  std::vector<DlqRecord> records;
  records.reserve(pending_.size());
  for (Write* write : pending_) {
    records.push_back(write->record);
  }
  Status written = store_->append(records);
  if (!written.ok()) {
    uint64_t errors = write_errors_.fetch_add(1, std::memory_order_relaxed) + 1;
    retry_delay_ms_ = std::min(kMaxRetryDelayMs, std::max<int64_t>(50, retry_delay_ms_ * 2));
    if (errors <= 10 || errors % 100 == 0) {
      log::error("dlq", "Writing dead-letter records failed; retrying (they stay in flight).",
                 {{"records", pending_.size()},
                  {"error", written.error().message},
                  {"retry_in_ms", retry_delay_ms_}});
    }
    if (flush_timer_ != nullptr && !flush_scheduled_) {
      flush_scheduled_ = true;
      uv_timer_start(
          flush_timer_,
          [](uv_timer_t* timer) {
            auto* self = static_cast<DlqService*>(timer->data);
            self->flush_scheduled_ = false;
            self->flush();
          },
          static_cast<uint64_t>(retry_delay_ms_), 0);
    }
    return;
  }
  retry_delay_ms_ = 0;
  committed_.fetch_add(pending_.size(), std::memory_order_relaxed);
  pending_count_.fetch_sub(pending_.size(), std::memory_order_relaxed);
  for (Write* write : pending_) {
    dispatcher::returnDeadLettered(write->delivery);  // now it counts as dead-lettered
    delete write;
  }
  pending_.clear();
}

std::shared_ptr<ReplayProgress> DlqService::startReplay(ReplayRequest request) {
  auto progress = std::make_shared<ReplayProgress>();
  progress->id = EventId::generate(unixMicrosNow() / 1000).toString();
  progress->started_us = unixMicrosNow();
  {
    std::lock_guard<std::mutex> lock(progress_mutex_);
    constexpr size_t kRemembered = 32;
    if (recent_.size() >= kRemembered) {
      recent_.erase(recent_.begin());
    }
    recent_.push_back(progress);
  }
  auto shared_request = std::make_shared<ReplayRequest>(std::move(request));
  thread_.post([this, shared_request, progress] {
    std::erase_if(jobs_, [](const std::unique_ptr<ReplayJob>& job) { return job->finished(); });
    jobs_.push_back(std::make_unique<ReplayJob>(std::move(*shared_request), store_.get(),
                                                dispatcher_, thread_.loop(), progress));
    jobs_.back()->start();
  });
  return progress;
}

std::shared_ptr<ReplayProgress> DlqService::findReplay(const std::string& id) {
  std::lock_guard<std::mutex> lock(progress_mutex_);
  for (const auto& progress : recent_) {
    if (progress->id == id) {
      return progress;
    }
  }
  return nullptr;
}

}  // namespace switchyard::dlq
