#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "connectors/aws/aws_hub.h"
#include "connectors/aws/store/aws_store_change.h"
#include "connectors/aws/store/aws_store_writer.h"
#include "connectors/sns/engine/topic_registry_observer.h"
#include "connectors/sqs/engine/queue_engine_observer.h"
#include "gateway/core/result.h"

namespace switchyard::aws {

// The AWS hub's side of the state store (store.aws: sqlite): what was restored at start, the
// observer of the queue engine and the topic registry (each change becomes one StoreChange for
// the writer's thread: no I/O on the hub), and the gate where answers wait for their commit.
//
// Acknowledge after commit. A call whose success promises the client its change is kept
// (AwsService::acknowledgesAfterCommit: SendMessage(Batch), CreateQueue, Publish, Subscribe, ...)
// is answered once every change appended up to its answer is committed, including earlier
// calls' changes: a repeated CreateQueue or a deduplicated FIFO send reports state another call
// made, which must be durable too. The other calls (ReceiveMessage, DeleteMessage,
// ChangeMessageVisibility, the event-source mapping's receives and deletes) are answered at once
// and written behind, in order with the rest. So after a crash a message may be received again or
// a deleted one come back (at-least-once), but nothing a client was told it sent is missing.
//
// A failed commit answers the calls held on it with 503 ServiceUnavailable (SDKs retry it);
// their changes stay in memory and the writer keeps retrying them, so a retried send may leave a
// duplicate (at-least-once again). On stop, held calls get their answer if the last commit
// covered them, else 503.
//
// NOTE: hub thread, except open() and stop() (the controlling thread, before the hub thread
// starts and after it has stopped).
class AwsPersistence final : public sqs::QueueEngineObserver,
                             public sns::TopicRegistryObserver,
                             public AnswerGate {
 public:
  // How the writer's reports reach the hub thread.
  using PostToHub = std::function<void(std::function<void()>)>;

  // Opens DATA_DIR/aws.sqlite, reads everything in it (deduplication records that expired before
  // `now_ms` left out) and starts the store thread.
  static Result<std::unique_ptr<AwsPersistence>> open(const std::string& data_dir, int64_t now_ms,
                                                      PostToHub post_to_hub);
  AwsPersistence(AwsState restored, std::unique_ptr<SqliteAwsStore> store, PostToHub post_to_hub);
  ~AwsPersistence() override;

  // What the store held at start, for the services to restore (each taken once).
  std::vector<sqs::QueueSnapshot> takeRestoredQueues();
  std::vector<sns::TopicRecord> takeRestoredTopics();
  std::vector<sns::SubscriptionRecord> takeRestoredSubscriptions();

  // Hub thread, as it stops: the writer's reports stop coming to it.
  void hubStopping();
  // After the hub thread stopped: writes what is pending, then answers the held calls. The writer
  // stays (stopped) for its counters.
  void stop();

  const AwsStoreWriter& writer() const { return *writer_; }
  // Answers waiting for a commit (hub thread).
  size_t heldAnswers() const { return held_.size(); }

  // AnswerGate
  void hold(AwsReplyPtr reply) override;

  // sqs::QueueEngineObserver
  void onQueueCreated(const sqs::QueueRecord& queue) override;
  void onQueueChanged(const sqs::QueueRecord& queue) override;
  void onQueueDeleted(std::string_view queue) override;
  void onQueuePurged(std::string_view queue) override;
  void onMessageAdded(std::string_view queue, const sqs::MessageRecord& message) override;
  void onMessageChanged(std::string_view queue, const sqs::MessageStateRecord& state) override;
  void onMessageRemoved(std::string_view queue, uint64_t key, sqs::RemovalReason reason) override;
  void onDeduplicationRecorded(std::string_view queue,
                               const sqs::DeduplicationRecord& record) override;

  // sns::TopicRegistryObserver
  void onTopicChanged(const sns::TopicRecord& topic) override;
  void onTopicDeleted(std::string_view topic_arn) override;
  void onSubscriptionChanged(const sns::SubscriptionRecord& subscription) override;
  void onSubscriptionDeleted(std::string_view subscription_arn) override;

 private:
  struct Held {
    uint64_t sequence;  // answered once the writer committed through here
    AwsReplyPtr reply;
  };
  void onProgress(AwsStoreWriter::Progress progress);  // hub thread
  void answerUnavailable(AwsReplyPtr reply);

  AwsState restored_;
  PostToHub post_to_hub_;
  std::unique_ptr<AwsStoreWriter> writer_;
  std::deque<Held> held_;  // ascending sequence
  bool stopped_ = false;
  // Guards hub_running_ only: the store thread checks it before posting a report, the hub clears
  // it once as it stops, so that nothing is posted to the hub after it stopped. Never taken per
  // change or per request.
  std::mutex hub_mutex_;
  bool hub_running_ = true;
};

}  // namespace switchyard::aws
