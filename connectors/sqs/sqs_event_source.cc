#include "connectors/sqs/sqs_event_source.h"

#include <set>

#include "connectors/sqs/sqs_api.h"
#include "dispatcher/batch_item_failures.h"
#include "dispatcher/dispatcher.h"
#include "dispatcher/render/lambda_records.h"
#include "dispatcher/source_ack.h"
#include "gateway/core/log.h"

namespace switchyard::sqs {
namespace {

// How long a batch refused by a full function queue waits before it is offered again.
constexpr int kBackpressureRetrySeconds = 1;
// The poller looks at its queue at least this often, whatever it was told.
constexpr int64_t kSweepIntervalMs = 1000;

}  // namespace

// One batch on its way: the receipt handles to delete once it succeeded, and how many of its
// deliveries (one per target) are still out. deliveryEnded() runs on a shard; the decision is
// taken on the hub thread.
class SqsEventSource::Batch final : public dispatcher::SourceAck {
 public:
  Batch(SqsEventSource* source, std::vector<ReceivedMessage>&& messages)
      : SourceAck(/*source_retries=*/true), source_(source), messages_(std::move(messages)) {}

  void deliveryEnded(const dispatcher::Delivery& /*delivery*/, Ending ending,
                     const dispatcher::InvocationResult& last) noexcept override {
    std::string body = ending == Ending::kDelivered ? last.body : std::string();
    source_->hub_->post([this, ending, body = std::move(body)] { ended(ending, body); });
  }

  void setExpected(size_t deliveries) { outstanding_ = deliveries; }
  const std::vector<ReceivedMessage>& messages() const { return messages_; }

 private:
  // Hub thread.
  void ended(Ending ending, const std::string& body) {
    if (ending != Ending::kDelivered) {
      all_succeeded_ = false;
    } else if (source_->report_item_failures_) {
      std::optional<std::set<std::string, std::less<>>> failures =
          dispatcher::parseBatchItemFailures(body);
      if (!failures) {
        all_succeeded_ = false;
      } else {
        failed_.insert(failures->begin(), failures->end());
      }
    }
    if (--outstanding_ > 0) {
      return;
    }
    if (all_succeeded_ && !source_->stopped_) {
      int64_t now = source_->hub_->nowMillis();
      for (const ReceivedMessage& message : messages_) {
        if (!failed_.contains(message.message_id)) {
          (void)source_->api_->engine().deleteMessage(source_->queue_, message.receipt_handle, now);
        }
      }
      source_->api_->queueChanged(source_->queue_);  // FIFO groups may move on
    }
    source_->batchEnded(this);
  }

  SqsEventSource* source_;
  std::vector<ReceivedMessage> messages_;
  size_t outstanding_ = 0;
  bool all_succeeded_ = true;
  std::set<std::string, std::less<>> failed_;
};

SqsEventSource::SqsEventSource(const router::TriggerRoute& trigger,
                               const config::TriggerConfig& config,
                               std::shared_ptr<aws::AwsHub> hub, SqsApi* api)
    : trigger_(trigger),
      queue_(config.source["queue"].Scalar()),
      batch_size_(std::clamp(config.batch.size, 1, 10000)),
      window_ms_(config.batch.window.count()),
      report_item_failures_(config.report_batch_item_failures),
      hub_(std::move(hub)),
      api_(api),
      window_timer_(&SqsEventSource::onWindow, this),
      sweep_timer_(&SqsEventSource::onSweep, this) {
  // As many batches in flight as the slowest target function may run at once.
  max_in_flight_ = 1000;
  for (const router::TargetRoute& target : trigger.targets) {
    max_in_flight_ = std::min(max_in_flight_,
                              hub_->dispatcher().functions()[target.function]->config.concurrency);
  }
}

SqsEventSource::~SqsEventSource() = default;

Status SqsEventSource::start() {
  hub_->post([this] {
    api_->listen(queue_, [this] { poll(); });
    poll();
    hub_->timers().scheduleAfter(&sweep_timer_, kSweepIntervalMs);
  });
  return okStatus();
}

void SqsEventSource::pause() {
  hub_->post([this] { paused_ = true; });
}

void SqsEventSource::resume() {
  hub_->post([this] {
    paused_ = false;
    poll();
  });
}

void SqsEventSource::stop() {
  // The hub thread stops right after the connectors (stopSurfaces): mark on it, so nothing
  // starts a batch after this.
  hub_->post([this] {
    stopped_ = true;
    hub_->timers().cancel(&window_timer_);
    hub_->timers().cancel(&sweep_timer_);
  });
}

connectors::ConnectorStats SqsEventSource::stats() const {
  return {received_.load(), emitted_.load(), errors_.load()};
}

void SqsEventSource::onWindow(void* context) {
  auto* self = static_cast<SqsEventSource*>(context);
  self->window_armed_ = false;
  self->window_elapsed_ = true;  // the next batch goes out however small it is
  self->poll();
}

// Queue changes and the queue's visibility timer wake the poller; this heartbeat is the backstop
// Lambda's pollers have by polling continuously: should a wake-up ever be missed, messages wait
// one interval, not until the next unrelated change. One queue-attribute lookup per second.
void SqsEventSource::onSweep(void* context) {
  auto* self = static_cast<SqsEventSource*>(context);
  if (self->stopped_) {
    return;
  }
  self->poll();
  self->hub_->timers().scheduleAfter(&self->sweep_timer_, kSweepIntervalMs);
}

void SqsEventSource::poll() {
  if (paused_ || stopped_) {
    return;
  }
  receiveBatches();
  // Messages just received (or handed back) turn visible again at their timeout: the queue's
  // timer must know, or a failed batch would wait for an unrelated change to be retried.
  api_->armQueueTimer(queue_);
}

void SqsEventSource::receiveBatches() {
  if (window_armed_) {
    return;
  }
  QueueEngine& engine = api_->engine();
  while (in_flight_ < max_in_flight_) {
    ReceiveRequest request;
    request.max_number_of_messages = std::min(batch_size_, 10);
    int64_t now = hub_->nowMillis();
    // A batching window waits for a fuller batch: peek at how many are ready first.
    Result<AttributeMap> counts =
        engine.getQueueAttributes(queue_, {"ApproximateNumberOfMessages"}, now);
    if (!counts.ok()) {
      return;  // the queue was deleted
    }
    int64_t ready = std::stoll(counts->at("ApproximateNumberOfMessages"));
    if (ready == 0) {
      return;
    }
    if (window_ms_ > 0 && ready < batch_size_ && !window_elapsed_) {
      window_armed_ = true;
      hub_->timers().scheduleAfter(&window_timer_, window_ms_);
      return;
    }
    std::vector<ReceivedMessage> messages;
    while (static_cast<int>(messages.size()) < batch_size_) {
      request.max_number_of_messages =
          std::min(10, batch_size_ - static_cast<int>(messages.size()));
      Result<ReceiveResult> received = engine.receive(queue_, request, now);
      if (!received.ok() || received->messages.empty()) {
        break;
      }
      for (ReceivedMessage& message : received->messages) {
        messages.push_back(std::move(message));
      }
    }
    if (messages.empty()) {
      return;
    }
    window_elapsed_ = false;
    submit(std::move(messages));
  }
}

void SqsEventSource::submit(std::vector<ReceivedMessage>&& messages) {
  const config::Config& config = hub_->config();
  std::string arn = api_->engine().queueArn(queue_);
  std::vector<dispatcher::SqsRecord> records;
  records.reserve(messages.size());
  for (const ReceivedMessage& message : messages) {
    dispatcher::SqsRecord record;
    record.message_id = message.message_id;
    record.receipt_handle = message.receipt_handle;
    record.body = message.body;
    record.attributes = {
        {"ApproximateReceiveCount", std::to_string(message.approximate_receive_count)},
        {"SentTimestamp", std::to_string(message.sent_timestamp_ms)},
        {"SenderId", message.sender_id},
        {"ApproximateFirstReceiveTimestamp",
         std::to_string(message.approximate_first_receive_timestamp_ms)}};
    if (!message.message_group_id.empty()) {
      record.attributes["MessageGroupId"] = message.message_group_id;
      record.attributes["MessageDeduplicationId"] = message.message_deduplication_id;
      record.attributes["SequenceNumber"] = message.sequence_number;
    }
    for (const auto& [name, value] : message.message_attributes) {
      bool binary = value.data_type.starts_with("Binary");
      record.message_attributes[name] = {value.data_type,
                                         binary ? value.binary_value : value.string_value};
    }
    record.md5_of_body = message.md5_of_body;
    record.md5_of_message_attributes = message.md5_of_message_attributes;
    record.queue_arn = arn;
    record.region = config.aws.region;
    records.push_back(std::move(record));
  }
  received_.fetch_add(messages.size(), std::memory_order_relaxed);
  std::string payload = dispatcher::renderSqsEvent(records);
  EventInit init;
  init.kind = EventKind::kSqs;
  init.source = trigger_.name;
  init.content_type = "application/json";
  if (!messages.front().message_group_id.empty()) {
    init.partition_key = messages.front().message_group_id;
  }
  EventRef event = Event::create(init, payload);

  auto* batch = new Batch(this, std::move(messages));
  trigger_.metrics->received.add();
  dispatcher::AdmitResult admitted = hub_->dispatcher().route(trigger_, event, batch);
  int64_t now = hub_->nowMillis();
  switch (admitted.status) {
    case dispatcher::AdmitStatus::kAccepted:
      trigger_.metrics->accepted.add();
      emitted_.fetch_add(batch->messages().size(), std::memory_order_relaxed);
      batch->setExpected(admitted.deliveries);
      ++in_flight_;
      return;
    case dispatcher::AdmitStatus::kFiltered:
      // Lambda's event filtering deletes messages no filter matched.
      trigger_.metrics->filtered.add();
      for (const ReceivedMessage& message : batch->messages()) {
        (void)api_->engine().deleteMessage(queue_, message.receipt_handle, now);
      }
      break;
    case dispatcher::AdmitStatus::kQueueFull:
    case dispatcher::AdmitStatus::kShuttingDown:
    case dispatcher::AdmitStatus::kNotJson:
      // Not taken: offer the messages again shortly (they were not handed to anyone).
      trigger_.metrics->rejected_queue_full.add();
      errors_.fetch_add(1, std::memory_order_relaxed);
      for (const ReceivedMessage& message : batch->messages()) {
        (void)api_->engine().changeVisibility(queue_, message.receipt_handle,
                                              kBackpressureRetrySeconds, now);
      }
      break;
  }
  delete batch;
}

void SqsEventSource::batchEnded(Batch* batch) {
  delete batch;
  --in_flight_;
  poll();
}

}  // namespace switchyard::sqs
