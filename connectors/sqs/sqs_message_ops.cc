// SqsApi's message operations: send, receive (with long polling), delete and visibility, one at a
// time and in batches.
#include <set>

#include "connectors/sqs/engine/sqs_error.h"
#include "connectors/sqs/sqs_api.h"
#include "connectors/sqs/sqs_api_state.h"
#include "connectors/sqs/sqs_render.h"

namespace switchyard::sqs {
namespace {

constexpr size_t kMaxBatchEntries = 10;
constexpr size_t kMaxBatchBytes = 256 * 1024;

// Batch entry ids: 1-80 of [A-Za-z0-9_-].
bool validEntryId(std::string_view id) {
  if (id.empty() || id.size() > 80) {
    return false;
  }
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-')) {
      return false;
    }
  }
  return true;
}

// The batch-level errors every *Batch call checks before its entries.
std::optional<Error> checkBatch(const std::vector<SqsInput>& entries) {
  if (entries.empty()) {
    return sqsError("EmptyBatchRequest",
                    "There should be at least one SendMessageBatchRequestEntry in the request.");
  }
  if (entries.size() > kMaxBatchEntries) {
    return sqsError("TooManyEntriesInBatchRequest",
                    "Maximum number of entries per request are 10. You have sent " +
                        std::to_string(entries.size()) + ".");
  }
  std::set<std::string> ids;
  for (const SqsInput& entry : entries) {
    std::string id = entry.string("Id").value_or("");
    if (!validEntryId(id)) {
      return sqsError("InvalidBatchEntryId",
                      "A batch entry id can only contain alphanumeric characters, hyphens and "
                      "underscores. It can be at most 80 letters long.");
    }
    if (!ids.insert(id).second) {
      return sqsError("BatchEntryIdsNotDistinct", "Id " + id + " repeated.");
    }
  }
  return std::nullopt;
}

Result<SendRequest> sendRequestFrom(const SqsInput& input) {
  SendRequest request;
  std::optional<std::string> body = input.string("MessageBody");
  if (!body) {
    return sqsError(error_code::kMissingParameter,
                    "The request must contain the parameter MessageBody.");
  }
  request.body = std::move(*body);
  Result<MessageAttributeMap> attributes = input.messageAttributes();
  if (!attributes.ok()) {
    return attributes.error();
  }
  request.message_attributes = std::move(attributes).value();
  Result<std::optional<int64_t>> delay = input.integer("DelaySeconds");
  if (!delay.ok()) {
    return delay.error();
  }
  if (delay->has_value()) {
    request.delay_seconds = static_cast<int>(**delay);
  }
  request.message_group_id = input.string("MessageGroupId").value_or("");
  request.message_deduplication_id = input.string("MessageDeduplicationId").value_or("");
  return request;
}

}  // namespace

aws::AwsResponse SqsApi::sendMessage(const aws::AwsCallContext& context, const SqsInput& input) {
  Result<std::string> queue = queueFrom(input);
  if (!queue.ok()) {
    return sqsErrorResponse(context.call, queue.error());
  }
  Result<SendRequest> request = sendRequestFrom(input);
  if (!request.ok()) {
    return sqsErrorResponse(context.call, request.error());
  }
  Result<SendResult> sent = engine_->send(*queue, std::move(request).value(), hub_->nowMillis());
  if (!sent.ok()) {
    return sqsErrorResponse(context.call, sent.error());
  }
  queueChanged(*queue);
  return renderSendResult(context.call, *sent);
}

aws::AwsResponse SqsApi::sendMessageBatch(const aws::AwsCallContext& context,
                                          const SqsInput& input) {
  Result<std::string> queue = queueFrom(input);
  if (!queue.ok()) {
    return sqsErrorResponse(context.call, queue.error());
  }
  std::vector<SqsInput> entries = input.entries("SendMessageBatchRequestEntry");
  if (std::optional<Error> invalid = checkBatch(entries)) {
    return sqsErrorResponse(context.call, *invalid);
  }
  size_t total = 0;
  for (const SqsInput& entry : entries) {
    total += entry.string("MessageBody").value_or("").size();
  }
  if (total > kMaxBatchBytes) {
    return sqsErrorResponse(
        context.call, sqsError("BatchRequestTooLong",
                               "Batch requests cannot be longer than 262144 bytes. You have sent " +
                                   std::to_string(total) + " bytes."));
  }
  std::vector<BatchEntryResult> results;
  int64_t now = hub_->nowMillis();
  for (const SqsInput& entry : entries) {
    BatchEntryResult result;
    result.id = entry.string("Id").value_or("");
    Result<SendRequest> request = sendRequestFrom(entry);
    Result<SendResult> sent = request.ok() ? engine_->send(*queue, std::move(request).value(), now)
                                           : Result<SendResult>(request.error());
    if (sent.ok()) {
      result.sent = std::move(sent).value();
    } else {
      if (sent.error().message.starts_with(error_code::kQueueDoesNotExist)) {
        return sqsErrorResponse(context.call, sent.error());  // the whole call fails
      }
      SqsErrorParts parts = splitSqsError(sent.error());
      result.ok = false;
      result.code = std::string(parts.code);
      result.message = std::string(parts.text);
    }
    results.push_back(std::move(result));
  }
  queueChanged(*queue);
  return renderBatchResult(context.call, results);
}

bool SqsApi::receiveMessage(const aws::AwsCallContext& context, const SqsInput& input,
                            aws::AwsReplyPtr& reply, aws::AwsResponse* response) {
  Result<std::string> queue = queueFrom(input);
  if (!queue.ok()) {
    *response = sqsErrorResponse(context.call, queue.error());
    return false;
  }
  ReceiveRequest request;
  for (std::string_view name : {"MaxNumberOfMessages", "VisibilityTimeout", "WaitTimeSeconds"}) {
    Result<std::optional<int64_t>> value = input.integer(name);
    if (!value.ok()) {
      *response = sqsErrorResponse(context.call, value.error());
      return false;
    }
    if (!value->has_value()) {
      continue;
    }
    int number = static_cast<int>(**value);
    if (name == "MaxNumberOfMessages") {
      request.max_number_of_messages = number;
    } else if (name == "VisibilityTimeout") {
      request.visibility_timeout = number;
    } else {
      request.wait_time_seconds = number;
    }
  }
  ReceiveFilter filter;
  filter.attribute_names = input.stringList("AttributeNames", "AttributeName");
  for (std::string& name :
       input.stringList("MessageSystemAttributeNames", "MessageSystemAttributeName")) {
    filter.attribute_names.push_back(std::move(name));
  }
  filter.message_attribute_names =
      input.stringList("MessageAttributeNames", "MessageAttributeName");

  int64_t now = hub_->nowMillis();
  Result<ReceiveResult> received = engine_->receive(*queue, request, now);
  if (!received.ok()) {
    *response = sqsErrorResponse(context.call, received.error());
    return false;
  }
  if (!received->messages.empty() || received->wait_time_seconds <= 0) {
    *response = renderMessages(context.call, received->messages, filter);
    return false;
  }
  // Long polling: wait for messages up to WaitTimeSeconds.
  auto& watch = watches_[*queue];
  if (!watch) {
    watch = std::make_unique<QueueWatch>();
    watch->queue = *queue;
    watch->owner = this;
  }
  auto waiter = std::make_unique<Waiter>();
  waiter->owner = this;
  waiter->queue = *queue;
  waiter->call = context.call;
  waiter->request = request;
  waiter->filter = std::move(filter);
  waiter->reply = std::move(reply);
  Waiter* raw = waiter.get();
  watch->waiters.push_back(std::move(waiter));
  raw->position = std::prev(watch->waiters.end());
  raw->deadline.setCallback(&SqsApi::onWaiterDeadline, raw);
  hub_->timers().scheduleAfter(&raw->deadline, int64_t{received->wait_time_seconds} * 1000);
  armQueueTimer(*queue);
  return true;
}

void SqsApi::onWaiterDeadline(void* context) {
  auto* waiter = static_cast<Waiter*>(context);
  SqsApi* self = waiter->owner;
  auto& watch = self->watches_[waiter->queue];
  std::unique_ptr<Waiter> owned = std::move(*waiter->position);
  watch->waiters.erase(waiter->position);
  aws::answer(std::move(owned->reply), renderMessages(owned->call, {}, owned->filter));
}

void SqsApi::queueChanged(std::string_view queue) {
  auto it = watches_.find(queue);
  if (it == watches_.end()) {
    return;
  }
  std::string name(queue);
  serveWaiters(name);
  // Listeners may change the queue (receive); copy so they can register more meanwhile.
  std::vector<ChangeListener> listeners = it->second->listeners;
  for (const ChangeListener& listener : listeners) {
    listener();
  }
}

void SqsApi::serveWaiters(const std::string& queue) {
  auto it = watches_.find(queue);
  if (it == watches_.end()) {
    return;
  }
  QueueWatch& watch = *it->second;
  int64_t now = hub_->nowMillis();
  while (!watch.waiters.empty()) {
    Waiter& waiter = *watch.waiters.front();
    Result<ReceiveResult> received = engine_->receive(queue, waiter.request, now);
    if (received.ok() && received->messages.empty()) {
      break;  // nothing for the oldest waiter: nothing for the others either
    }
    std::unique_ptr<Waiter> owned = std::move(watch.waiters.front());
    watch.waiters.pop_front();
    hub_->timers().cancel(&owned->deadline);
    aws::answer(std::move(owned->reply),
                received.ok() ? renderMessages(owned->call, received->messages, owned->filter)
                              : sqsErrorResponse(owned->call, received.error()));
  }
  armQueueTimer(queue);
}

// One timer per watched queue, at the next moment a delayed or in-flight message turns visible.
void SqsApi::armQueueTimer(const std::string& queue) {
  auto it = watches_.find(queue);
  if (it == watches_.end()) {
    return;
  }
  QueueWatch& watch = *it->second;
  Result<std::optional<int64_t>> next = engine_->nextChange(queue, hub_->nowMillis());
  if (!next.ok() || !next->has_value() || (watch.waiters.empty() && watch.listeners.empty())) {
    hub_->timers().cancel(&watch.visibility_timer);
    return;
  }
  watch.visibility_timer.setCallback(
      [](void* context) {
        auto* watched = static_cast<QueueWatch*>(context);
        watched->owner->queueChanged(watched->queue);
      },
      &watch);
  int64_t delay = std::max<int64_t>(1, **next - hub_->nowMillis());
  hub_->timers().scheduleAfter(&watch.visibility_timer, delay);
}

aws::AwsResponse SqsApi::deleteOrChangeBatch(const aws::AwsCallContext& context,
                                             const SqsInput& input, bool change_visibility) {
  Result<std::string> queue = queueFrom(input);
  if (!queue.ok()) {
    return sqsErrorResponse(context.call, queue.error());
  }
  std::vector<SqsInput> entries =
      input.entries(change_visibility ? "ChangeMessageVisibilityBatchRequestEntry"
                                      : "DeleteMessageBatchRequestEntry");
  if (std::optional<Error> invalid = checkBatch(entries)) {
    return sqsErrorResponse(context.call, *invalid);
  }
  std::vector<BatchEntryResult> results;
  int64_t now = hub_->nowMillis();
  for (const SqsInput& entry : entries) {
    BatchEntryResult result;
    result.id = entry.string("Id").value_or("");
    std::string handle = entry.string("ReceiptHandle").value_or("");
    Status status = okStatus();
    if (change_visibility) {
      Result<std::optional<int64_t>> timeout = entry.integer("VisibilityTimeout");
      status = !timeout.ok() ? Status(timeout.error())
               : !timeout->has_value()
                   ? Status(sqsError(error_code::kMissingParameter,
                                     "The request must contain the parameter VisibilityTimeout."))
                   : engine_->changeVisibility(*queue, handle, static_cast<int>(**timeout), now);
    } else {
      status = engine_->deleteMessage(*queue, handle, now);
    }
    if (!status.ok()) {
      if (status.error().message.starts_with(error_code::kQueueDoesNotExist)) {
        return sqsErrorResponse(context.call, status.error());
      }
      SqsErrorParts parts = splitSqsError(status.error());
      result.ok = false;
      result.code = std::string(parts.code);
      result.message = std::string(parts.text);
    }
    results.push_back(std::move(result));
  }
  queueChanged(*queue);
  return renderBatchResult(context.call, results);
}

}  // namespace switchyard::sqs
