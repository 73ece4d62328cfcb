// SqsApi's start-up: the queues a state store kept, then the ones the config declares (created if
// missing; the config's attributes win over stored ones), then the housekeeping timer.

#include <vector>

#include "connectors/aws/store/aws_persistence.h"
#include "connectors/sqs/engine/sqs_error.h"
#include "connectors/sqs/sqs_api.h"
#include "gateway/core/log.h"

namespace switchyard::sqs {
namespace {

// Retention needs no precision: a message may outlive its period by this much in an idle queue.
constexpr int64_t kHousekeepingIntervalMs = 10'000;

// The attributes a `queues:` entry declares, as CreateQueue / SetQueueAttributes take them.
AttributeMap declaredAttributes(const config::QueueConfig& queue, const QueueEngine& engine) {
  AttributeMap attributes = {
      {"VisibilityTimeout", std::to_string(queue.visibility_timeout.count() / 1000)},
      {"DelaySeconds", std::to_string(queue.delay.count() / 1000)},
      {"MessageRetentionPeriod", std::to_string(queue.retention.count() / 1000)},
      {"ReceiveMessageWaitTimeSeconds", std::to_string(queue.receive_wait.count() / 1000)},
      {"MaximumMessageSize", std::to_string(queue.max_message_size)}};
  if (queue.fifo) {
    attributes["FifoQueue"] = "true";
    attributes["ContentBasedDeduplication"] = queue.content_based_deduplication ? "true" : "false";
  }
  if (!queue.dead_letter_queue.empty()) {
    attributes["RedrivePolicy"] =
        R"({"deadLetterTargetArn":")" + engine.queueArn(queue.dead_letter_queue) +
        R"(","maxReceiveCount":)" + std::to_string(queue.max_receive_count) + "}";
  }
  return attributes;
}

}  // namespace

Status SqsApi::start(aws::AwsHub& hub) {
  hub_ = &hub;
  const config::Config& config = hub.config();
  EngineOptions options;
  options.scope.region = config.aws.region;
  options.scope.account = config.aws.account;
  engine_ = std::make_unique<QueueEngine>(options);
  host_ = config.server.listen.toString();
  const int64_t now = hub.nowMillis();
  if (aws::AwsPersistence* persistence = hub.persistence()) {
    if (Status restored = restoreQueues(*persistence, now); !restored.ok()) {
      return restored;
    }
    // From here on every change is written through, the config's below included.
    engine_->setObserver(persistence);
  }
  if (Status applied = applyDeclaredQueues(now); !applied.ok()) {
    return applied;
  }
  housekeeping_.setCallback(&SqsApi::onHousekeeping, this);
  scheduleHousekeeping();
  return okStatus();
}

Status SqsApi::restoreQueues(aws::AwsPersistence& persistence, int64_t now_ms) {
  for (QueueSnapshot& snapshot : persistence.takeRestoredQueues()) {
    const std::string name = snapshot.queue.name;
    if (Status restored = engine_->restore(std::move(snapshot), now_ms); !restored.ok()) {
      return makeError(Errc::kInvalidArgument,
                       "cannot restore stored queue " + name + ": " + restored.error().message);
    }
  }
  return okStatus();
}

Status SqsApi::applyDeclaredQueues(int64_t now_ms) {
  const config::Config& config = hub_->config();
  // Dead-letter targets first, so that redrive policies can name them.
  std::vector<const config::QueueConfig*> ordered;
  for (const auto& [name, queue] : config.queues) {
    if (queue.dead_letter_queue.empty()) {
      ordered.insert(ordered.begin(), &queue);
    } else {
      ordered.push_back(&queue);
    }
  }
  for (const config::QueueConfig* queue : ordered) {
    AttributeMap attributes = declaredAttributes(*queue, *engine_);
    Result<QueueEngine::CreateQueueResult> created =
        engine_->createQueue(queue->name, attributes, now_ms);
    if (created.ok()) {
      continue;  // new, or stored with the same attributes
    }
    if (!created.error().message.starts_with(error_code::kQueueNameExists)) {
      return makeError(Errc::kInvalidArgument,
                       "queues." + queue->name + ": " + created.error().message);
    }
    // Stored with other values: the config wins for what it declares (the type cannot differ,
    // a FIFO queue's name ends in .fifo).
    attributes.erase("FifoQueue");
    if (Status set = engine_->setQueueAttributes(queue->name, attributes, now_ms); !set.ok()) {
      return makeError(Errc::kInvalidArgument,
                       "queues." + queue->name + ": " + set.error().message);
    }
    log::info("sqs", "A stored queue took the attributes the config declares.",
              {{"queue", queue->name}});
  }
  // The queues triggers read from exist from the start.
  for (const auto& [name, trigger] : config.triggers) {
    if (trigger.source_kind != "sqs" || !trigger.source["queue"].IsScalar()) {
      continue;
    }
    std::string queue = trigger.source["queue"].Scalar();
    if (engine_->hasQueue(queue)) {
      continue;
    }
    AttributeMap attributes;
    if (queue.ends_with(".fifo")) {
      attributes["FifoQueue"] = "true";
    }
    Result<QueueEngine::CreateQueueResult> created =
        engine_->createQueue(queue, attributes, now_ms);
    if (!created.ok()) {
      return makeError(Errc::kInvalidArgument,
                       "triggers." + name + ".source.queue: " + created.error().message);
    }
  }
  return okStatus();
}

void SqsApi::scheduleHousekeeping() {
  hub_->timers().scheduleAfter(&housekeeping_, kHousekeepingIntervalMs);
}

void SqsApi::onHousekeeping(void* context) {
  auto* self = static_cast<SqsApi*>(context);
  self->engine_->advanceTime(self->hub_->nowMillis());
  self->scheduleHousekeeping();
}

}  // namespace switchyard::sqs
