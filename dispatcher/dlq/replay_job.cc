#include "dispatcher/dlq/replay_job.h"

#include <cmath>

#include "dispatcher/dispatcher.h"
#include "gateway/core/event.h"
#include "gateway/core/json_writer.h"
#include "gateway/core/log.h"

namespace switchyard::dlq {
namespace {

constexpr uint64_t kTickMs = 10;
constexpr size_t kPageSize = 500;

bool eventKindFromName(std::string_view name, EventKind* kind) {
  for (int i = 0; i <= static_cast<int>(EventKind::kEventBridge); ++i) {
    if (eventKindName(static_cast<EventKind>(i)) == name) {
      *kind = static_cast<EventKind>(i);
      return true;
    }
  }
  return false;
}

// The original event again: same id and bytes; accepted "now", so max_age counts from the replay.
EventRef rebuildEvent(const DlqRecord& record) {
  EventInit init;
  if (!eventKindFromName(record.event_kind, &init.kind)) {
    init.kind = EventKind::kHttp;
  }
  init.source = record.source;
  init.content_type = record.content_type;
  init.traceparent = record.traceparent;
  init.partition_key = record.partition_key;
  init.hops = record.hops;
  std::vector<EventAttribute> attributes;
  attributes.reserve(record.attributes.size());
  for (const auto& [key, value] : record.attributes) {
    attributes.emplace_back(key, value);
  }
  init.attributes = attributes;
  EventId id;
  if (!EventId::parse(record.event_id, &id)) {
    return Event::create(init, record.payload);
  }
  return Event::createWithId(id, init, record.payload);
}

}  // namespace

std::string_view replayStateName(ReplayProgress::State state) {
  switch (state) {
    case ReplayProgress::State::kRunning:
      return "running";
    case ReplayProgress::State::kDone:
      return "done";
    case ReplayProgress::State::kCancelled:
      return "cancelled";
    case ReplayProgress::State::kFailed:
      return "failed";
  }
  return "unknown";
}

std::string ReplayProgress::error() const {
  std::lock_guard<std::mutex> lock(error_mutex_);
  return error_;
}

void ReplayProgress::setError(std::string message) {
  std::lock_guard<std::mutex> lock(error_mutex_);
  error_ = std::move(message);
}

std::string ReplayProgress::toJson() const {
  uint64_t done = submitted.load() + skipped.load();
  uint64_t all = total.load();
  int64_t end = finished_us.load();
  double elapsed = static_cast<double>((end != 0 ? end : unixMicrosNow()) - started_us) / 1e6;
  double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  double eta = rate > 0 && all > done ? static_cast<double>(all - done) / rate : 0;
  std::string out = R"({"id":)";
  json::appendString(out, id);
  out.append(R"(,"state":")").append(replayStateName(currentState())).append("\"");
  out.append(R"(,"total":)").append(std::to_string(all));
  out.append(R"(,"submitted":)").append(std::to_string(submitted.load()));
  out.append(R"(,"skipped":)").append(std::to_string(skipped.load()));
  char numbers[96];
  std::snprintf(numbers, sizeof(numbers),
                R"(,"rate":%.1f,"eta_seconds":%.1f,"elapsed_seconds":%.2f)", rate, eta, elapsed);
  out.append(numbers);
  out.append(R"(,"error":)");
  json::appendString(out, error());
  out.push_back('}');
  return out;
}

ReplayJob::ReplayJob(ReplayRequest request, DlqStore* store, dispatcher::Dispatcher* dispatcher,
                     uv_loop_t* loop, std::shared_ptr<ReplayProgress> progress)
    : request_(std::move(request)),
      store_(store),
      dispatcher_(dispatcher),
      loop_(loop),
      progress_(std::move(progress)) {
  request_.filter.include_replayed = request_.force;
}

ReplayJob::~ReplayJob() {
  if (timer_ != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(timer_),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_timer_t*>(handle); });
  }
}

void ReplayJob::start() {
  if (!request_.to_function.empty() && dispatcher_->findFunction(request_.to_function) == nullptr) {
    progress_->setError("no function named \"" + request_.to_function + "\" to replay to");
    finish(ReplayProgress::State::kFailed);
    return;
  }
  Result<size_t> total = store_->count(request_.filter);
  if (!total.ok()) {
    progress_->setError(total.error().message);
    finish(ReplayProgress::State::kFailed);
    return;
  }
  size_t limit = request_.filter.limit;
  progress_->total = limit > 0 && limit < *total ? limit : *total;
  if (progress_->total == 0) {
    finish(ReplayProgress::State::kDone);
    return;
  }
  last_tick_us_ = unixMicrosNow();
  timer_ = new uv_timer_t{};
  uv_timer_init(loop_, timer_);
  timer_->data = this;
  uv_timer_start(timer_, &ReplayJob::onTick, 0, kTickMs);
}

void ReplayJob::onTick(uv_timer_t* timer) { static_cast<ReplayJob*>(timer->data)->tick(); }

void ReplayJob::tick() {
  if (finished()) {
    return;
  }
  int64_t now = unixMicrosNow();
  double budget;
  if (request_.rate_per_second > 0) {
    // Token bucket: at most a second's worth banked, so a stall does not turn into a burst.
    tokens_ = std::min(
        tokens_ + request_.rate_per_second * static_cast<double>(now - last_tick_us_) / 1e6,
        std::max(1.0, request_.rate_per_second));
    budget = std::floor(tokens_);
  } else {
    budget = static_cast<double>(kPageSize);
  }
  last_tick_us_ = now;

  std::vector<std::string> submitted_ids;
  dlq::ReplayRecord replay;
  replay.at_us = now;
  replay.replay_id = progress_->id;
  replay.to_function = request_.to_function;
  uint64_t done = progress_->submitted + progress_->skipped;
  bool queue_full = false;
  while (budget >= 1 && !progress_->cancel && done < progress_->total) {
    if (page_position_ >= page_.size()) {
      DlqFilter page_filter = request_.filter;
      page_filter.after_id = cursor_;
      page_filter.limit = kPageSize;
      Result<std::vector<DlqRecord>> page = store_->list(page_filter);
      if (!page.ok()) {
        progress_->setError(page.error().message);
        finish(ReplayProgress::State::kFailed);
        return;
      }
      page_ = std::move(page).value();
      page_position_ = 0;
      if (page_.empty()) {
        exhausted_ = true;
        break;
      }
    }
    const DlqRecord& record = page_[page_position_];
    const std::string& target =
        request_.to_function.empty() ? record.function : request_.to_function;
    const dispatcher::FunctionSpec* function = dispatcher_->findFunction(target);
    if (function == nullptr) {
      ++progress_->skipped;
      progress_->setError("record " + record.id + ": no function named \"" + target + "\"");
    } else {
      EventFormat format = EventFormat::kAws;
      parseEventFormat(record.format, &format);
      dispatcher::AdmitResult admitted =
          dispatcher_->replay(function->id, rebuildEvent(record), format, record.id);
      if (admitted.status == dispatcher::AdmitStatus::kQueueFull ||
          admitted.status == dispatcher::AdmitStatus::kShuttingDown) {
        queue_full = true;  // try this record again on the next tick
        break;
      }
      ++progress_->submitted;
      submitted_ids.push_back(record.id);
    }
    cursor_ = record.id;
    ++page_position_;
    budget -= 1;
    tokens_ -= 1;
    ++done;
  }
  if (!submitted_ids.empty()) {
    if (Status marked = store_->markReplayed(submitted_ids, replay); !marked.ok()) {
      progress_->setError(marked.error().message);
      finish(ReplayProgress::State::kFailed);
      return;
    }
  }
  if (progress_->cancel) {
    finish(ReplayProgress::State::kCancelled);
  } else if (!queue_full && (done >= progress_->total || exhausted_)) {
    finish(ReplayProgress::State::kDone);
  }
}

void ReplayJob::finish(ReplayProgress::State state) {
  progress_->finished_us = unixMicrosNow();
  progress_->state = static_cast<int>(state);
  if (timer_ != nullptr) {
    uv_timer_stop(timer_);
  }
  log::info("dlq", "Replay finished.",
            {{"replay", progress_->id},
             {"state", replayStateName(state)},
             {"submitted", progress_->submitted.load()},
             {"skipped", progress_->skipped.load()},
             {"total", progress_->total.load()}});
}

}  // namespace switchyard::dlq
