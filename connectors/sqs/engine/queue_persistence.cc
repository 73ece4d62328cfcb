// Queue: what it reports (records, rendered messages) and what rebuilds or resets it (settings,
// purge, snapshot, restore).

#include "connectors/sqs/engine/queue.h"

#include <algorithm>

#include "connectors/sqs/engine/queue_engine_observer.h"
#include "connectors/sqs/engine/receipt_handle.h"
#include "connectors/sqs/engine/sqs_error.h"
#include "gateway/core/assert.h"

namespace switchyard::sqs {
namespace {

constexpr int64_t kMillisPerSecond = 1000;
constexpr int64_t kPurgeIntervalMs = 60 * 1000;

Error badSnapshot(const std::string& queue, std::string_view reason) {
  return sqsError(error_code::kInternalFailure,
                  "Cannot restore queue " + queue + ": " + std::string(reason));
}

}  // namespace

QueueRecord Queue::record() const {
  QueueRecord record;
  record.name = name_;
  record.attributes = renderQueueSettings(settings_);
  record.tags = tags_;
  record.created_ms = created_ms_;
  record.last_modified_ms = last_modified_ms_;
  record.last_purge_ms = last_purge_ms_;
  record.incarnation = incarnation_;
  return record;
}

void Queue::replaceSettings(QueueSettings settings, int64_t now_ms) {
  const bool fifo_delay_changed = fifo() && settings.delay_seconds != settings_.delay_seconds;
  settings_ = std::move(settings);
  last_modified_ms_ = now_ms;
  // A FIFO queue's DelaySeconds is retroactive (a standard queue's is not): messages still
  // delayed are delayed by the new value, counted from when they were sent.
  if (fifo_delay_changed && delayed_count_ > 0) {
    for (auto& [key, message] : messages_) {
      if (message.state != State::kDelayed) {
        continue;
      }
      message.visible_at_ms = message.enqueued_ms + settings_.delay_seconds * kMillisPerSecond;
      if (message.visible_at_ms <= now_ms) {
        makeVisible(message);
      } else {
        pushTimer(message);
      }
      notifyChanged(message);
    }
  }
  bump();
  advance(now_ms);  // a shorter retention period applies at once
}

Status Queue::purge(int64_t now_ms) {
  if (last_purge_ms_ && now_ms - *last_purge_ms_ < kPurgeIntervalMs) {
    return sqsError(error_code::kPurgeQueueInProgress,
                    "Only one PurgeQueue operation on " + name_ + " is allowed every 60 seconds.");
  }
  ready_groups_.clear();
  groups_.clear();
  messages_.clear();
  fresh_.clear();
  returned_.clear();
  timers_.clear();
  retention_.clear();
  visible_count_ = 0;
  in_flight_count_ = 0;
  delayed_count_ = 0;
  last_purge_ms_ = now_ms;
  if (environment_->observer != nullptr) {
    environment_->observer->onQueuePurged(name_);
    environment_->observer->onQueueChanged(record());
  }
  bump();
  return okStatus();
}

ReceivedMessage Queue::render(const Message& message) const {
  ReceivedMessage out;
  out.message_id = message.id.toString();
  out.receipt_handle = encodeReceiptHandle({incarnation_, message.key, message.receive_count});
  out.body = message.body;
  out.md5_of_body = hexEncode(message.body_md5);
  out.sent_timestamp_ms = message.sent_ms;
  out.approximate_first_receive_timestamp_ms = message.first_receive_ms;
  out.approximate_receive_count = message.receive_count;
  out.sender_id = environment_->scope.account;
  if (const Extras* extras = message.extras.get()) {
    if (!extras->attributes.empty()) {
      out.message_attributes = extras->attributes;
      out.md5_of_message_attributes = hexEncode(extras->attributes_md5);
    }
    if (!extras->sender_id.empty()) {
      out.sender_id = extras->sender_id;
    }
    out.message_group_id = extras->group_id;
    out.dead_letter_queue_source_arn = extras->dead_letter_source_arn;
    out.aws_trace_header = extras->aws_trace_header;
  }
  if (const Fifo* fifo = message.fifo.get()) {
    out.message_group_id = fifo->group_id;
    out.message_deduplication_id = fifo->deduplication_id;
    out.sequence_number = std::to_string(fifo->sequence_number);
  }
  return out;
}

MessageRecord Queue::messageRecord(const Message& message) const {
  MessageRecord record;
  record.key = message.key;
  record.message_id = message.id.toString();
  record.body = message.body;
  record.sent_ms = message.sent_ms;
  record.enqueued_ms = message.enqueued_ms;
  record.receive_count = message.receive_count;
  record.visible_at_ms = message.visible_at_ms;
  record.first_receive_ms = message.first_receive_ms;
  record.last_receive_ms = message.last_receive_ms;
  record.sender_id = environment_->scope.account;
  if (const Extras* extras = message.extras.get()) {
    record.message_attributes = extras->attributes;
    if (!extras->sender_id.empty()) {
      record.sender_id = extras->sender_id;
    }
    record.aws_trace_header = extras->aws_trace_header;
    record.message_group_id = extras->group_id;
    record.dead_letter_queue_source_arn = extras->dead_letter_source_arn;
  }
  if (const Fifo* fifo = message.fifo.get()) {
    record.message_group_id = fifo->group_id;
    record.message_deduplication_id = fifo->deduplication_id;
    record.sequence_number = fifo->sequence_number;
  }
  return record;
}

MessageStateRecord Queue::stateRecord(const Message& message) const {
  return MessageStateRecord{message.key, message.receive_count, message.visible_at_ms,
                            message.first_receive_ms, message.last_receive_ms};
}

void Queue::notifyChanged(const Message& message) const {
  if (environment_->observer != nullptr) {
    environment_->observer->onMessageChanged(name_, stateRecord(message));
  }
}

QueueSnapshot Queue::snapshot() const {
  QueueSnapshot snapshot;
  snapshot.queue = record();
  snapshot.messages.reserve(messages_.size());
  for (const auto& [key, message] : messages_) {
    snapshot.messages.push_back(messageRecord(message));
  }
  std::sort(snapshot.messages.begin(), snapshot.messages.end(),
            [](const MessageRecord& a, const MessageRecord& b) { return a.key < b.key; });
  for (const auto& [key, entry] : deduplication_) {
    snapshot.deduplication.push_back(DeduplicationRecord{key, entry.message_id.toString(),
                                                         entry.sequence_number, entry.expires_ms});
  }
  std::sort(snapshot.deduplication.begin(), snapshot.deduplication.end(),
            [](const DeduplicationRecord& a, const DeduplicationRecord& b) {
              return a.expires_ms != b.expires_ms ? a.expires_ms < b.expires_ms : a.key < b.key;
            });
  snapshot.next_message_key = next_key_;
  snapshot.next_sequence_number = next_sequence_number_;
  return snapshot;
}

Result<std::unique_ptr<Queue>> Queue::restore(QueueEnvironment* environment, QueueSettings settings,
                                              QueueSnapshot&& snapshot, int64_t now_ms) {
  QueueRecord& record = snapshot.queue;
  auto queue = std::make_unique<Queue>(environment, record.name, std::move(settings),
                                       record.created_ms, record.incarnation);
  queue->last_modified_ms_ = record.last_modified_ms;
  queue->last_purge_ms_ = record.last_purge_ms;
  queue->tags_ = std::move(record.tags);

  std::sort(snapshot.messages.begin(), snapshot.messages.end(),
            [](const MessageRecord& a, const MessageRecord& b) { return a.key < b.key; });
  uint64_t max_key = 0;
  uint64_t max_sequence_number = 0;
  for (MessageRecord& source : snapshot.messages) {
    if (source.key == 0 || source.key <= max_key) {
      return badSnapshot(record.name, "message keys must be non-zero and unique");
    }
    max_key = source.key;
    Message message;
    message.key = source.key;
    if (!MessageId::parse(source.message_id, &message.id)) {
      return badSnapshot(record.name, "message id \"" + source.message_id + "\" is not a UUID");
    }
    if (source.body.empty()) {
      return badSnapshot(record.name, "message " + source.message_id + " has no body");
    }
    if (queue->fifo() && source.message_group_id.empty()) {
      return badSnapshot(record.name, "FIFO message " + source.message_id + " has no group");
    }
    message.body_md5 = md5(source.body);
    message.receive_count = source.receive_count;
    message.sent_ms = source.sent_ms;
    message.enqueued_ms = source.enqueued_ms;
    message.visible_at_ms = source.visible_at_ms;
    message.first_receive_ms = source.first_receive_ms;
    message.last_receive_ms = source.last_receive_ms;
    if (message.visible_at_ms <= now_ms) {
      message.state = State::kVisible;
    } else {
      message.state = message.receive_count > 0 ? State::kInFlight : State::kDelayed;
    }
    message.body = std::move(source.body);
    const bool own_sender =
        !source.sender_id.empty() && source.sender_id != environment->scope.account;
    if (!source.message_attributes.empty() || own_sender || !source.aws_trace_header.empty() ||
        (!queue->fifo() && !source.message_group_id.empty()) ||
        !source.dead_letter_queue_source_arn.empty()) {
      message.extras = std::make_unique<Extras>();
      Extras& extras = *message.extras;
      if (!source.message_attributes.empty()) {
        extras.attributes_md5 = md5OfMessageAttributes(source.message_attributes);
      }
      extras.attributes = std::move(source.message_attributes);
      if (own_sender) {
        extras.sender_id = std::move(source.sender_id);
      }
      extras.aws_trace_header = std::move(source.aws_trace_header);
      if (!queue->fifo()) {
        extras.group_id = std::move(source.message_group_id);
      }
      extras.dead_letter_source_arn = std::move(source.dead_letter_queue_source_arn);
    }
    if (queue->fifo()) {
      message.fifo = std::make_unique<Fifo>();
      message.fifo->group_id = std::move(source.message_group_id);
      message.fifo->deduplication_id = std::move(source.message_deduplication_id);
      message.fifo->sequence_number = source.sequence_number;
      max_sequence_number = std::max(max_sequence_number, source.sequence_number);
    }
    queue->insert(std::move(message));
  }
  for (DeduplicationRecord& source : snapshot.deduplication) {
    if (source.expires_ms <= now_ms) {
      continue;
    }
    DeduplicationEntry entry;
    if (!MessageId::parse(source.message_id, &entry.message_id)) {
      return badSnapshot(record.name,
                         "deduplication message id \"" + source.message_id + "\" is not a UUID");
    }
    entry.sequence_number = source.sequence_number;
    entry.expires_ms = source.expires_ms;
    max_sequence_number = std::max(max_sequence_number, source.sequence_number);
    queue->deduplication_[source.key] = entry;
  }
  // The expiry deque must be in expiry order, whatever order the store kept.
  std::vector<std::pair<int64_t, std::string>> expiry;
  for (const auto& [key, entry] : queue->deduplication_) {
    expiry.emplace_back(entry.expires_ms, key);
  }
  std::sort(expiry.begin(), expiry.end());
  queue->deduplication_expiry_.assign(std::make_move_iterator(expiry.begin()),
                                      std::make_move_iterator(expiry.end()));
  queue->next_key_ = std::max(snapshot.next_message_key, max_key + 1);
  queue->next_sequence_number_ = std::max(snapshot.next_sequence_number, max_sequence_number + 1);
  // No advance() here: messages past retention are removed by the next call that touches the
  // queue, once the caller has attached its observer, so that its store hears of it.
  return queue;
}

}  // namespace switchyard::sqs
