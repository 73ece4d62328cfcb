#include "connectors/aws/store/aws_persistence.h"

#include <utility>

#include "connectors/aws/store/sqlite_aws_store.h"
#include "gateway/core/log.h"

namespace switchyard::aws {

Result<std::unique_ptr<AwsPersistence>> AwsPersistence::open(const std::string& data_dir,
                                                             int64_t now_ms,
                                                             PostToHub post_to_hub) {
  Result<std::unique_ptr<SqliteAwsStore>> store = SqliteAwsStore::open(data_dir);
  if (!store.ok()) {
    return store.error();
  }
  Result<AwsState> state = (*store)->load(now_ms);
  if (!state.ok()) {
    return state.error();
  }
  size_t messages = 0;
  for (const sqs::QueueSnapshot& queue : state->queues) {
    messages += queue.messages.size();
  }
  log::info("aws-store", "Restoring the SQS and SNS state.",
            {{"path", (*store)->path()},
             {"queues", state->queues.size()},
             {"messages", messages},
             {"topics", state->topics.size()},
             {"subscriptions", state->subscriptions.size()}});
  return std::make_unique<AwsPersistence>(std::move(state).value(), std::move(store).value(),
                                          std::move(post_to_hub));
}

AwsPersistence::AwsPersistence(AwsState restored, std::unique_ptr<SqliteAwsStore> store,
                               PostToHub post_to_hub)
    : restored_(std::move(restored)), post_to_hub_(std::move(post_to_hub)) {
  writer_ =
      std::make_unique<AwsStoreWriter>(std::move(store), [this](AwsStoreWriter::Progress progress) {
        // Store thread.
        std::lock_guard<std::mutex> lock(hub_mutex_);
        if (hub_running_) {
          post_to_hub_([this, progress] { onProgress(progress); });
        }
      });
  writer_->start();
}

AwsPersistence::~AwsPersistence() { stop(); }

std::vector<sqs::QueueSnapshot> AwsPersistence::takeRestoredQueues() {
  return std::exchange(restored_.queues, {});
}

std::vector<sns::TopicRecord> AwsPersistence::takeRestoredTopics() {
  return std::exchange(restored_.topics, {});
}

std::vector<sns::SubscriptionRecord> AwsPersistence::takeRestoredSubscriptions() {
  return std::exchange(restored_.subscriptions, {});
}

void AwsPersistence::hubStopping() {
  std::lock_guard<std::mutex> lock(hub_mutex_);
  hub_running_ = false;
}

void AwsPersistence::stop() {
  if (stopped_) {
    return;
  }
  stopped_ = true;
  hubStopping();  // in case the hub never ran
  writer_->stop();
  const uint64_t committed = writer_->committedThrough();
  size_t unavailable = 0;
  for (Held& held : held_) {
    if (held.sequence <= committed) {
      sendHeld(std::move(held.reply));
    } else {
      ++unavailable;
      answerUnavailable(std::move(held.reply));
    }
  }
  held_.clear();
  if (unavailable > 0) {
    log::warn("aws-store", "Calls waiting for the store at exit were answered ServiceUnavailable.",
              {{"calls", unavailable}});
  }
}

void AwsPersistence::hold(AwsReplyPtr reply) {
  const uint64_t sequence = writer_->lastAppended();
  if (sequence <= writer_->committedThrough()) {
    sendHeld(std::move(reply));
    return;
  }
  held_.push_back(Held{sequence, std::move(reply)});
}

void AwsPersistence::onProgress(AwsStoreWriter::Progress progress) {
  while (!held_.empty() && held_.front().sequence <= progress.committed_through) {
    sendHeld(std::move(held_.front().reply));
    held_.pop_front();
  }
  while (!held_.empty() && held_.front().sequence <= progress.failed_through) {
    answerUnavailable(std::move(held_.front().reply));
    held_.pop_front();
  }
}

void AwsPersistence::answerUnavailable(AwsReplyPtr reply) {
  AwsResponse refused =
      awsError(reply->call(), 503, "ServiceUnavailable",
               "The state store could not save the change in time; retry the request.", false);
  answer(std::move(reply), std::move(refused));
}

// ---- Observers: one change each, copied for the store thread ----

void AwsPersistence::onQueueCreated(const sqs::QueueRecord& queue) {
  writer_->append(QueueSaved{queue});
}

void AwsPersistence::onQueueChanged(const sqs::QueueRecord& queue) {
  writer_->append(QueueSaved{queue});
}

void AwsPersistence::onQueueDeleted(std::string_view queue) {
  writer_->append(QueueDeleted{std::string(queue)});
}

void AwsPersistence::onQueuePurged(std::string_view queue) {
  writer_->append(QueuePurged{std::string(queue)});
}

void AwsPersistence::onMessageAdded(std::string_view queue, const sqs::MessageRecord& message) {
  writer_->append(MessageSaved{std::string(queue), message});
}

void AwsPersistence::onMessageChanged(std::string_view queue,
                                      const sqs::MessageStateRecord& state) {
  writer_->append(MessageStateSaved{std::string(queue), state});
}

void AwsPersistence::onMessageRemoved(std::string_view queue, uint64_t key,
                                      sqs::RemovalReason /*reason*/) {
  writer_->append(MessageDeleted{std::string(queue), key});
}

void AwsPersistence::onDeduplicationRecorded(std::string_view queue,
                                             const sqs::DeduplicationRecord& record) {
  writer_->append(DeduplicationSaved{std::string(queue), record});
}

void AwsPersistence::onTopicChanged(const sns::TopicRecord& topic) {
  writer_->append(TopicSaved{topic});
}

void AwsPersistence::onTopicDeleted(std::string_view topic_arn) {
  writer_->append(TopicDeleted{std::string(topic_arn)});
}

void AwsPersistence::onSubscriptionChanged(const sns::SubscriptionRecord& subscription) {
  writer_->append(SubscriptionSaved{subscription});
}

void AwsPersistence::onSubscriptionDeleted(std::string_view subscription_arn) {
  writer_->append(SubscriptionDeleted{std::string(subscription_arn)});
}

}  // namespace switchyard::aws
