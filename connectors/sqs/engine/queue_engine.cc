#include "connectors/sqs/engine/queue_engine.h"

#include <algorithm>
#include <random>

#include "connectors/sqs/engine/message_validation.h"
#include "connectors/sqs/engine/queue.h"
#include "connectors/sqs/engine/sqs_error.h"
#include "gateway/core/assert.h"

namespace switchyard::sqs {
namespace {

constexpr size_t kMaxTags = 50;
constexpr size_t kMaxTagKeyLength = 128;
constexpr size_t kMaxTagValueLength = 256;

uint64_t osSeed() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

Error noSuchQueue() {
  return sqsError(error_code::kQueueDoesNotExist, "The specified queue does not exist.");
}

Error invalidParameter(std::string text) {
  return sqsError(error_code::kInvalidParameterValue, text);
}

Error badRange(std::string_view parameter, int value, std::string_view rule) {
  return invalidParameter("Value " + std::to_string(value) + " for parameter " +
                          std::string(parameter) + " is invalid. Reason: " + std::string(rule));
}

std::string toSeconds(int64_t ms) { return std::to_string(ms / 1000); }

Status validateTags(const TagMap& tags) {
  for (const auto& [key, value] : tags) {
    if (key.empty() || key.size() > kMaxTagKeyLength || value.size() > kMaxTagValueLength) {
      return invalidParameter("Tag keys must be 1 to 128 characters and values at most 256: " +
                              key);
    }
  }
  return okStatus();
}

}  // namespace

QueueEngine::QueueEngine(EngineOptions options)
    : environment_(std::make_unique<QueueEnvironment>()) {
  environment_->scope = std::move(options.scope);
  environment_->random = Random(options.random_seed != 0 ? options.random_seed : osSeed());
}

QueueEngine::~QueueEngine() = default;

void QueueEngine::setObserver(QueueEngineObserver* observer) {
  SY_DEBUG_ASSERT(onOwnerThread());
  environment_->observer = observer;
}

const ArnScope& QueueEngine::scope() const { return environment_->scope; }

std::string QueueEngine::queueArn(std::string_view name) const {
  return sqs::queueArn(environment_->scope, name);
}

bool QueueEngine::onOwnerThread() const {
  if (owner_ == std::thread::id()) {
    owner_ = std::this_thread::get_id();
  }
  return owner_ == std::this_thread::get_id();
}

Queue* QueueEngine::find(std::string_view name) const {
  auto it = queues_.find(name);
  return it == queues_.end() ? nullptr : it->second.get();
}

Result<Queue*> QueueEngine::require(std::string_view name, int64_t now_ms) {
  Queue* queue = find(name);
  if (queue == nullptr) {
    return noSuchQueue();
  }
  queue->advance(now_ms);
  return queue;
}

Queue* QueueEngine::deadLetterQueueOf(const Queue& queue) const {
  const std::optional<RedrivePolicy>& policy = queue.settings().redrive_policy;
  if (!policy) {
    return nullptr;
  }
  Queue* target = find(policy->dead_letter_queue_name);
  if (target == nullptr || target == &queue || target->fifo() != queue.fifo()) {
    return nullptr;
  }
  return target;
}

Status QueueEngine::checkDeadLetterTarget(std::string_view queue_name,
                                          const QueueSettings& settings,
                                          const AttributeMap& attributes) const {
  auto given = attributes.find("RedrivePolicy");
  if (given == attributes.end() || !settings.redrive_policy) {
    return okStatus();
  }
  auto invalid = [&](std::string_view reason) {
    return invalidParameter(
        "Value " + given->second +
        " for parameter RedrivePolicy is invalid. Reason: " + std::string(reason));
  };
  const std::string& target_name = settings.redrive_policy->dead_letter_queue_name;
  if (target_name == queue_name) {
    return invalid("A queue cannot be its own dead-letter queue.");
  }
  const Queue* target = find(target_name);
  if (target == nullptr) {
    return invalid("Dead letter target does not exist.");
  }
  if (target->fifo() != settings.fifo) {
    return invalid(
        "The dead-letter queue of a FIFO queue must be a FIFO queue, and that of a "
        "standard queue a standard queue.");
  }
  return okStatus();
}

// ---- Queues ----

Result<QueueEngine::CreateQueueResult> QueueEngine::createQueue(std::string_view name,
                                                                const AttributeMap& attributes,
                                                                int64_t now_ms,
                                                                const TagMap& tags) {
  SY_DEBUG_ASSERT(onOwnerThread());
  QueueSettings settings;
  if (Status applied = applyQueueAttributes(attributes, AttributeUse::kCreateQueue,
                                            environment_->scope, &settings);
      !applied.ok()) {
    return applied.error();
  }
  if (Status valid = validateQueueName(name, settings.fifo); !valid.ok()) {
    return valid.error();
  }
  if (Queue* existing = find(name)) {
    QueueSettings requested = existing->settings();
    if (Status applied = applyQueueAttributes(attributes, AttributeUse::kCreateQueue,
                                              environment_->scope, &requested);
        !applied.ok()) {
      return applied.error();
    }
    const AttributeMap current = renderQueueSettings(existing->settings());
    const AttributeMap wanted = renderQueueSettings(requested);
    if (current != wanted) {
      std::string differing = "FifoQueue";
      for (const auto& [key, value] : wanted) {
        auto it = current.find(key);
        if (it == current.end() || it->second != value) {
          differing = key;
          break;
        }
      }
      return sqsError(error_code::kQueueNameExists,
                      "A queue already exists with the same name and a different value for "
                      "attribute " +
                          differing);
    }
    return CreateQueueResult{existing->name(), existing->arn(), false};
  }
  if (Status valid = checkDeadLetterTarget(name, settings, attributes); !valid.ok()) {
    return valid.error();
  }
  if (tags.size() > kMaxTags) {
    return invalidParameter("Too many tags: a queue has at most 50.");
  }
  if (Status valid = validateTags(tags); !valid.ok()) {
    return valid.error();
  }
  uint64_t incarnation = 0;
  while (incarnation == 0) {
    incarnation = environment_->random.next();
  }
  auto queue = std::make_unique<Queue>(environment_.get(), std::string(name), std::move(settings),
                                       now_ms, incarnation);
  queue->replaceTags(tags);
  Queue& created = *queue;
  queues_.emplace(std::string(name), std::move(queue));
  if (environment_->observer != nullptr) {
    environment_->observer->onQueueCreated(created.record());
  }
  return CreateQueueResult{created.name(), created.arn(), true};
}

Status QueueEngine::deleteQueue(std::string_view name) {
  SY_DEBUG_ASSERT(onOwnerThread());
  auto it = queues_.find(name);
  if (it == queues_.end()) {
    return noSuchQueue();
  }
  const std::string deleted = it->first;
  queues_.erase(it);
  ++environment_->version_clock;  // waiters on the name retry and see it gone
  if (environment_->observer != nullptr) {
    environment_->observer->onQueueDeleted(deleted);
  }
  return okStatus();
}

bool QueueEngine::hasQueue(std::string_view name) const {
  SY_DEBUG_ASSERT(onOwnerThread());
  return find(name) != nullptr;
}

std::vector<std::string> QueueEngine::listQueues(std::string_view prefix) const {
  SY_DEBUG_ASSERT(onOwnerThread());
  std::vector<std::string> names;
  for (const auto& [name, queue] : queues_) {
    if (std::string_view(name).starts_with(prefix)) {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::vector<std::string>> QueueEngine::listDeadLetterSourceQueues(
    std::string_view name) const {
  SY_DEBUG_ASSERT(onOwnerThread());
  if (find(name) == nullptr) {
    return noSuchQueue();
  }
  std::vector<std::string> sources;
  for (const auto& [source_name, queue] : queues_) {
    const std::optional<RedrivePolicy>& policy = queue->settings().redrive_policy;
    if (policy && policy->dead_letter_queue_name == name) {
      sources.push_back(source_name);
    }
  }
  std::sort(sources.begin(), sources.end());
  return sources;
}

Result<AttributeMap> QueueEngine::getQueueAttributes(
    std::string_view name, const std::vector<std::string>& attribute_names, int64_t now_ms) {
  SY_DEBUG_ASSERT(onOwnerThread());
  Result<Queue*> found = require(name, now_ms);
  if (!found.ok()) {
    return found.error();
  }
  bool all = false;
  for (const std::string& attribute : attribute_names) {
    if (!isQueueAttributeName(attribute)) {
      return sqsError(error_code::kInvalidAttributeName, "Unknown Attribute " + attribute + ".");
    }
    all = all || attribute == "All";
  }
  const Queue& queue = **found;
  AttributeMap everything = renderQueueSettings(queue.settings());
  everything["ApproximateNumberOfMessages"] = std::to_string(queue.visibleCount());
  everything["ApproximateNumberOfMessagesNotVisible"] = std::to_string(queue.inFlightCount());
  everything["ApproximateNumberOfMessagesDelayed"] = std::to_string(queue.delayedCount());
  everything["CreatedTimestamp"] = toSeconds(queue.createdMs());
  everything["LastModifiedTimestamp"] = toSeconds(queue.lastModifiedMs());
  everything["QueueArn"] = queue.arn();
  if (all) {
    return everything;
  }
  AttributeMap selected;
  for (const std::string& attribute : attribute_names) {
    if (auto it = everything.find(attribute); it != everything.end()) {
      selected.insert(*it);
    }
  }
  return selected;
}

Status QueueEngine::setQueueAttributes(std::string_view name, const AttributeMap& attributes,
                                       int64_t now_ms) {
  SY_DEBUG_ASSERT(onOwnerThread());
  Result<Queue*> found = require(name, now_ms);
  if (!found.ok()) {
    return found.error();
  }
  Queue& queue = **found;
  QueueSettings settings = queue.settings();
  if (Status applied = applyQueueAttributes(attributes, AttributeUse::kSetQueueAttributes,
                                            environment_->scope, &settings);
      !applied.ok()) {
    return applied;
  }
  if (Status valid = checkDeadLetterTarget(name, settings, attributes); !valid.ok()) {
    return valid;
  }
  queue.replaceSettings(std::move(settings), now_ms);
  if (environment_->observer != nullptr) {
    environment_->observer->onQueueChanged(queue.record());
  }
  return okStatus();
}

Status QueueEngine::purgeQueue(std::string_view name, int64_t now_ms) {
  SY_DEBUG_ASSERT(onOwnerThread());
  Result<Queue*> found = require(name, now_ms);
  if (!found.ok()) {
    return found.error();
  }
  return (*found)->purge(now_ms);
}

Status QueueEngine::tagQueue(std::string_view name, const TagMap& tags) {
  SY_DEBUG_ASSERT(onOwnerThread());
  Queue* queue = find(name);
  if (queue == nullptr) {
    return noSuchQueue();
  }
  if (Status valid = validateTags(tags); !valid.ok()) {
    return valid;
  }
  TagMap merged = queue->tags();
  for (const auto& [key, value] : tags) {
    merged[key] = value;
  }
  if (merged.size() > kMaxTags) {
    return invalidParameter("Too many tags: a queue has at most 50.");
  }
  queue->replaceTags(std::move(merged));
  if (environment_->observer != nullptr) {
    environment_->observer->onQueueChanged(queue->record());
  }
  return okStatus();
}

Status QueueEngine::untagQueue(std::string_view name, const std::vector<std::string>& keys) {
  SY_DEBUG_ASSERT(onOwnerThread());
  Queue* queue = find(name);
  if (queue == nullptr) {
    return noSuchQueue();
  }
  TagMap remaining = queue->tags();
  for (const std::string& key : keys) {
    remaining.erase(key);
  }
  queue->replaceTags(std::move(remaining));
  if (environment_->observer != nullptr) {
    environment_->observer->onQueueChanged(queue->record());
  }
  return okStatus();
}

Result<TagMap> QueueEngine::listQueueTags(std::string_view name) const {
  SY_DEBUG_ASSERT(onOwnerThread());
  const Queue* queue = find(name);
  if (queue == nullptr) {
    return noSuchQueue();
  }
  return queue->tags();
}

// ---- Messages ----

Result<SendResult> QueueEngine::send(std::string_view queue, SendRequest request, int64_t now_ms) {
  SY_DEBUG_ASSERT(onOwnerThread());
  Result<Queue*> found = require(queue, now_ms);
  if (!found.ok()) {
    return found.error();
  }
  return (*found)->send(std::move(request), now_ms);
}

Result<ReceiveResult> QueueEngine::receive(std::string_view queue, const ReceiveRequest& request,
                                           int64_t now_ms) {
  SY_DEBUG_ASSERT(onOwnerThread());
  if (request.max_number_of_messages < 1 || request.max_number_of_messages > 10) {
    return badRange("MaxNumberOfMessages", request.max_number_of_messages,
                    "Must be between 1 and 10, if provided.");
  }
  if (request.visibility_timeout && (*request.visibility_timeout < 0 ||
                                     *request.visibility_timeout > kMaximumVisibilityTimeout)) {
    return badRange("VisibilityTimeout", *request.visibility_timeout,
                    "Must be >= 0 and <= 43200, if provided.");
  }
  if (request.wait_time_seconds &&
      (*request.wait_time_seconds < 0 || *request.wait_time_seconds > kMaximumWaitTimeSeconds)) {
    return badRange("WaitTimeSeconds", *request.wait_time_seconds,
                    "Must be >= 0 and <= 20, if provided.");
  }
  Result<Queue*> found = require(queue, now_ms);
  if (!found.ok()) {
    return found.error();
  }
  Queue& source = **found;
  Queue* dead_letter_queue = deadLetterQueueOf(source);
  if (dead_letter_queue != nullptr) {
    dead_letter_queue->advance(now_ms);
  }
  ReceiveResult result;
  result.messages =
      source.receive(request.max_number_of_messages,
                     request.visibility_timeout.value_or(source.settings().visibility_timeout),
                     dead_letter_queue, now_ms);
  result.wait_time_seconds =
      request.wait_time_seconds.value_or(source.settings().receive_message_wait_time_seconds);
  return result;
}

Status QueueEngine::deleteMessage(std::string_view queue, std::string_view receipt_handle,
                                  int64_t now_ms) {
  SY_DEBUG_ASSERT(onOwnerThread());
  Result<Queue*> found = require(queue, now_ms);
  if (!found.ok()) {
    return found.error();
  }
  return (*found)->deleteMessage(receipt_handle);
}

Status QueueEngine::changeVisibility(std::string_view queue, std::string_view receipt_handle,
                                     int visibility_timeout_seconds, int64_t now_ms) {
  SY_DEBUG_ASSERT(onOwnerThread());
  Result<Queue*> found = require(queue, now_ms);
  if (!found.ok()) {
    return found.error();
  }
  return (*found)->changeVisibility(receipt_handle, visibility_timeout_seconds, now_ms);
}

// ---- Long polling ----

Result<std::optional<int64_t>> QueueEngine::nextChange(std::string_view queue, int64_t now_ms) {
  SY_DEBUG_ASSERT(onOwnerThread());
  Result<Queue*> found = require(queue, now_ms);
  if (!found.ok()) {
    return found.error();
  }
  return (*found)->nextChange();
}

Result<uint64_t> QueueEngine::version(std::string_view queue) const {
  SY_DEBUG_ASSERT(onOwnerThread());
  const Queue* found = find(queue);
  if (found == nullptr) {
    return noSuchQueue();
  }
  return found->version();
}

void QueueEngine::advanceTime(int64_t now_ms) {
  SY_DEBUG_ASSERT(onOwnerThread());
  for (auto& [name, queue] : queues_) {
    queue->advance(now_ms);
  }
}

// ---- Persistence ----

Result<QueueSnapshot> QueueEngine::snapshot(std::string_view queue, int64_t now_ms) {
  SY_DEBUG_ASSERT(onOwnerThread());
  Result<Queue*> found = require(queue, now_ms);
  if (!found.ok()) {
    return found.error();
  }
  return (*found)->snapshot();
}

Status QueueEngine::restore(QueueSnapshot snapshot, int64_t now_ms) {
  SY_DEBUG_ASSERT(onOwnerThread());
  const std::string name = snapshot.queue.name;
  if (find(name) != nullptr) {
    return sqsError(error_code::kQueueNameExists, "A queue named " + name + " already exists.");
  }
  QueueSettings settings;
  if (Status applied = applyQueueAttributes(snapshot.queue.attributes, AttributeUse::kCreateQueue,
                                            environment_->scope, &settings);
      !applied.ok()) {
    return applied;
  }
  if (Status valid = validateQueueName(name, settings.fifo); !valid.ok()) {
    return valid;
  }
  while (snapshot.queue.incarnation == 0) {
    snapshot.queue.incarnation = environment_->random.next();
  }
  Result<std::unique_ptr<Queue>> restored =
      Queue::restore(environment_.get(), std::move(settings), std::move(snapshot), now_ms);
  if (!restored.ok()) {
    return restored.error();
  }
  queues_.emplace(name, std::move(restored).value());
  return okStatus();
}

}  // namespace switchyard::sqs
