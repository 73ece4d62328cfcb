#include "connectors/sqs/engine/queue.h"

#include <algorithm>
#include <functional>
#include <tuple>

#include "connectors/sqs/engine/message_validation.h"
#include "connectors/sqs/engine/queue_engine_observer.h"
#include "connectors/sqs/engine/receipt_handle.h"
#include "connectors/sqs/engine/sqs_error.h"
#include "gateway/core/assert.h"

namespace switchyard::sqs {
namespace {

constexpr int64_t kMillisPerSecond = 1000;
constexpr int64_t kDeduplicationIntervalMs = 5 * 60 * 1000;
// Keys and sequence numbers start from the clock (1024 per millisecond) so they keep increasing
// across a restart even when the store only kept the surviving messages.
constexpr uint64_t kIdsPerMillisecond = 1024;

uint64_t clockFloor(int64_t now_ms) {
  return now_ms > 0 ? static_cast<uint64_t>(now_ms) * kIdsPerMillisecond : 0;
}

Error invalidParameter(std::string text) {
  return sqsError(error_code::kInvalidParameterValue, text);
}

Error expiredHandle(std::string_view receipt_handle) {
  return invalidParameter("Value " + std::string(receipt_handle) +
                          " for parameter ReceiptHandle is invalid. Reason: The receipt handle "
                          "has expired.");
}

}  // namespace

Queue::Queue(QueueEnvironment* environment, std::string name, QueueSettings settings,
             int64_t created_ms, uint64_t incarnation)
    : environment_(environment),
      name_(std::move(name)),
      arn_(queueArn(environment->scope, name_)),
      settings_(std::move(settings)),
      created_ms_(created_ms),
      last_modified_ms_(created_ms),
      incarnation_(incarnation) {
  bump();
}

Queue::~Queue() = default;

uint64_t Queue::nextKey(int64_t now_ms) {
  const uint64_t key = std::max(next_key_, clockFloor(now_ms));
  next_key_ = key + 1;
  return key;
}

uint64_t Queue::nextSequenceNumber(int64_t now_ms) {
  const uint64_t number = std::max(next_sequence_number_, clockFloor(now_ms));
  next_sequence_number_ = number + 1;
  return number;
}

void Queue::bump() { version_ = ++environment_->version_clock; }

Result<int> Queue::checkSend(const SendRequest& request) const {
  if (Status valid = validateMessageBody(request.body); !valid.ok()) {
    return valid.error();
  }
  if (Status valid = validateMessageAttributes(request.message_attributes); !valid.ok()) {
    return valid.error();
  }
  if (request.body.size() + messageAttributesSize(request.message_attributes) >
      static_cast<size_t>(settings_.maximum_message_size)) {
    return invalidParameter(
        "One or more parameters are invalid. Reason: Message must be shorter than " +
        std::to_string(settings_.maximum_message_size) + " bytes.");
  }
  if (!request.message_group_id.empty()) {
    if (Status valid = validateFifoId("MessageGroupId", request.message_group_id); !valid.ok()) {
      return valid.error();
    }
  }
  if (!request.message_deduplication_id.empty()) {
    if (!fifo()) {
      return invalidParameter("Value " + request.message_deduplication_id +
                              " for parameter MessageDeduplicationId is invalid. Reason: The "
                              "request includes a parameter that is not valid for this queue "
                              "type.");
    }
    if (Status valid = validateFifoId("MessageDeduplicationId", request.message_deduplication_id);
        !valid.ok()) {
      return valid.error();
    }
  }
  if (fifo()) {
    if (request.message_group_id.empty()) {
      return sqsError(error_code::kMissingParameter,
                      "The request must contain the parameter MessageGroupId.");
    }
    if (request.message_deduplication_id.empty() && !settings_.content_based_deduplication) {
      return invalidParameter(
          "The queue should either have ContentBasedDeduplication enabled or "
          "MessageDeduplicationId provided explicitly");
    }
  }
  if (!request.delay_seconds) {
    return settings_.delay_seconds;
  }
  const int requested = *request.delay_seconds;
  if (fifo() && requested != 0) {
    return invalidParameter("Value " + std::to_string(requested) +
                            " for parameter DelaySeconds is invalid. Reason: The request include "
                            "parameter that is not valid for this queue type.");
  }
  if (requested < 0 || requested > kMaximumDelaySeconds) {
    return invalidParameter("Value " + std::to_string(requested) +
                            " for parameter DelaySeconds is invalid. Reason: DelaySeconds must be "
                            ">= 0 and <= 900.");
  }
  return fifo() ? settings_.delay_seconds : requested;
}

Result<SendResult> Queue::send(SendRequest&& request, int64_t now_ms) {
  Result<int> checked = checkSend(request);
  if (!checked.ok()) {
    return checked.error();
  }
  const int delay_seconds = *checked;

  SendResult result;
  const Md5Digest body_md5 = md5(request.body);
  result.md5_of_message_body = hexEncode(body_md5);
  std::optional<Md5Digest> attributes_md5;
  if (!request.message_attributes.empty()) {
    attributes_md5 = md5OfMessageAttributes(request.message_attributes);
    result.md5_of_message_attributes = hexEncode(*attributes_md5);
  }
  if (!request.aws_trace_header.empty()) {
    MessageAttributeMap system;
    system["AWSTraceHeader"] = {"String", request.aws_trace_header, ""};
    result.md5_of_message_system_attributes = hexEncode(md5OfMessageAttributes(system));
  }

  // FIFO: the deduplication entry this send records (one hash lookup for check and record).
  auto deduplication = deduplication_.end();
  if (fifo()) {
    if (request.message_deduplication_id.empty()) {
      request.message_deduplication_id = sha256Hex(request.body);
    }
    bool inserted = false;
    std::tie(deduplication, inserted) = deduplication_.try_emplace(
        settings_.deduplication_scope == "messageGroup"
            ? request.message_group_id + "\n" + request.message_deduplication_id
            : request.message_deduplication_id);
    if (!inserted && deduplication->second.expires_ms > now_ms) {
      result.message_id = deduplication->second.message_id.toString();
      result.sequence_number = std::to_string(deduplication->second.sequence_number);
      result.deduplicated = true;
      return result;
    }
  }

  Message message;
  message.key = nextKey(now_ms);
  message.id = MessageId::generate(environment_->random);
  message.body_md5 = body_md5;
  message.sent_ms = now_ms;
  message.enqueued_ms = now_ms;
  message.visible_at_ms = now_ms + delay_seconds * kMillisPerSecond;
  message.state = delay_seconds > 0 ? State::kDelayed : State::kVisible;
  message.body = std::move(request.body);
  const bool own_sender =
      !request.sender_id.empty() && request.sender_id != environment_->scope.account;
  if (attributes_md5 || own_sender || !request.aws_trace_header.empty() ||
      (!fifo() && !request.message_group_id.empty())) {
    message.extras = std::make_unique<Extras>();
    Extras& extras = *message.extras;
    extras.attributes = std::move(request.message_attributes);
    extras.attributes_md5 = attributes_md5.value_or(Md5Digest{});
    if (own_sender) {
      extras.sender_id = std::move(request.sender_id);
    }
    extras.aws_trace_header = std::move(request.aws_trace_header);
    if (!fifo()) {
      extras.group_id = std::move(request.message_group_id);
    }
  }
  if (fifo()) {
    message.fifo = std::make_unique<Fifo>();
    message.fifo->group_id = std::move(request.message_group_id);
    message.fifo->deduplication_id = std::move(request.message_deduplication_id);
    message.fifo->sequence_number = nextSequenceNumber(now_ms);
  }
  Message& stored = insert(std::move(message));
  result.message_id = stored.id.toString();
  if (environment_->observer != nullptr) {
    environment_->observer->onMessageAdded(name_, messageRecord(stored));
  }
  if (fifo()) {
    result.sequence_number = std::to_string(stored.fifo->sequence_number);
    recordDeduplication(deduplication, stored, now_ms);
  }
  bump();
  return result;
}

void Queue::recordDeduplication(StringMap<DeduplicationEntry>::iterator entry,
                                const Message& message, int64_t now_ms) {
  entry->second = DeduplicationEntry{message.id, message.fifo->sequence_number,
                                     now_ms + kDeduplicationIntervalMs};
  deduplication_expiry_.emplace_back(entry->second.expires_ms, entry->first);
  if (environment_->observer != nullptr) {
    environment_->observer->onDeduplicationRecorded(
        name_, DeduplicationRecord{entry->first, message.id.toString(),
                                   entry->second.sequence_number, entry->second.expires_ms});
  }
}

bool Queue::shouldRedrive(const Message& message, const Queue* dead_letter_queue) const {
  return dead_letter_queue != nullptr && settings_.redrive_policy &&
         message.receive_count >=
             static_cast<uint32_t>(settings_.redrive_policy->max_receive_count);
}

std::vector<ReceivedMessage> Queue::receive(int max_messages, int visibility_timeout_seconds,
                                            Queue* dead_letter_queue, int64_t now_ms) {
  std::vector<ReceivedMessage> received;
  const size_t wanted = static_cast<size_t>(max_messages);
  auto deliver = [&](Message& message) {
    markInFlight(message, visibility_timeout_seconds, now_ms);
    received.push_back(render(message));
    notifyChanged(message);
  };
  if (!fifo()) {
    while (received.size() < wanted) {
      Message* message = popVisible();
      if (message == nullptr) {
        break;
      }
      if (shouldRedrive(*message, dead_letter_queue)) {
        moveToDeadLetterQueue(*message, *dead_letter_queue, now_ms);
      } else {
        deliver(*message);
      }
    }
    return received;
  }
  // FIFO: as many messages of one group as possible, oldest group first. A served group leaves
  // ready_groups_ (its messages are now in flight, or its next one is not visible).
  while (received.size() < wanted && !ready_groups_.empty()) {
    MessageGroup* group = ready_groups_.begin()->second;
    Message* message = group->head;
    while (message != nullptr && received.size() < wanted && message->state == State::kVisible) {
      Message* next = message->fifo->group_next;
      if (shouldRedrive(*message, dead_letter_queue)) {
        moveToDeadLetterQueue(*message, *dead_letter_queue, now_ms);
      } else {
        deliver(*message);
      }
      message = next;
    }
    settleGroup(group);
    // Progress: the group is in flight, waits on a message that is not visible, or is gone.
    SY_DEBUG_ASSERT(received.size() == wanted || ready_groups_.empty() ||
                    ready_groups_.begin()->second != group);
  }
  return received;
}

void Queue::moveToDeadLetterQueue(Message& message, Queue& dead_letter_queue, int64_t now_ms) {
  const uint64_t key = message.key;
  Message moved = detach(message);
  if (environment_->observer != nullptr) {
    environment_->observer->onMessageRemoved(name_, key, RemovalReason::kMovedToDeadLetterQueue);
  }
  dead_letter_queue.acceptDeadLetter(std::move(moved), arn_, now_ms);
}

void Queue::acceptDeadLetter(Message&& message, const std::string& source_arn, int64_t now_ms) {
  message.key = nextKey(now_ms);
  if (!message.extras) {
    message.extras = std::make_unique<Extras>();
  }
  message.extras->dead_letter_source_arn = source_arn;
  if (fifo()) {
    // SQS resets the enqueue time of messages a FIFO queue moves (standard queues keep it).
    SY_DEBUG_ASSERT(message.fifo != nullptr);
    message.enqueued_ms = now_ms;
    message.fifo->sequence_number = nextSequenceNumber(now_ms);
  }
  message.visible_at_ms = now_ms;
  message.state = State::kVisible;
  Message& stored = insert(std::move(message));
  if (environment_->observer != nullptr) {
    environment_->observer->onMessageAdded(name_, messageRecord(stored));
  }
  bump();
}

Result<Queue::HandleLookup> Queue::lookUp(std::string_view receipt_handle) {
  const std::optional<ReceiptHandle> handle = decodeReceiptHandle(receipt_handle);
  if (!handle || handle->queue_incarnation != incarnation_) {
    return sqsError(error_code::kReceiptHandleIsInvalid, "The input receipt handle \"" +
                                                             std::string(receipt_handle) +
                                                             "\" is not a valid receipt handle.");
  }
  HandleLookup lookup;
  if (auto it = messages_.find(handle->message_key); it != messages_.end()) {
    lookup.message = &it->second;
    lookup.current = it->second.receive_count == handle->receive_count;
  }
  return lookup;
}

Status Queue::deleteMessage(std::string_view receipt_handle) {
  Result<HandleLookup> lookup = lookUp(receipt_handle);
  if (!lookup.ok()) {
    return lookup.error();
  }
  Message* message = lookup->message;
  if (message == nullptr) {
    return okStatus();  // already deleted, expired or moved: SQS answers success
  }
  // A FIFO handle expires with its visibility timeout or a newer receive. Standard queues
  // delete with any handle of the message ("the request succeeds, but the message might not be
  // deleted": SQS mostly does delete).
  if (fifo() && (!lookup->current || message->state != State::kInFlight)) {
    return expiredHandle(receipt_handle);
  }
  remove(*message, RemovalReason::kDeleted);
  if (fifo()) {
    bump();  // the group may be unblocked
  }
  return okStatus();
}

Status Queue::changeVisibility(std::string_view receipt_handle, int visibility_timeout_seconds,
                               int64_t now_ms) {
  if (visibility_timeout_seconds < 0 || visibility_timeout_seconds > kMaximumVisibilityTimeout) {
    return invalidParameter("Value " + std::to_string(visibility_timeout_seconds) +
                            " for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 "
                            "and <= 43200, if provided.");
  }
  Result<HandleLookup> lookup = lookUp(receipt_handle);
  if (!lookup.ok()) {
    return lookup.error();
  }
  Message* message = lookup->message;
  if (message == nullptr) {
    return invalidParameter("Value " + std::string(receipt_handle) +
                            " for parameter ReceiptHandle is invalid. Reason: Message does not "
                            "exist or is not available for visibility timeout change.");
  }
  if (!lookup->current) {
    return expiredHandle(receipt_handle);
  }
  if (message->state != State::kInFlight) {
    return sqsError(error_code::kMessageNotInflight, "The message referred to isn't in flight.");
  }
  const int64_t visible_at_ms = now_ms + visibility_timeout_seconds * kMillisPerSecond;
  if (visible_at_ms - message->last_receive_ms > kMaximumVisibilityTimeout * kMillisPerSecond) {
    return invalidParameter("Value " + std::to_string(visibility_timeout_seconds) +
                            " for parameter VisibilityTimeout is invalid. Reason: Total "
                            "VisibilityTimeout for the message is beyond the limit [43200 "
                            "seconds]");
  }
  message->visible_at_ms = visible_at_ms;
  if (visibility_timeout_seconds == 0) {
    makeVisible(*message);
  } else {
    pushTimer(*message);
  }
  notifyChanged(*message);
  bump();
  return okStatus();
}

}  // namespace switchyard::sqs
